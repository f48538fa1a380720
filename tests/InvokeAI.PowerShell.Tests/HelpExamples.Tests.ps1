# Every example of every cmdlet's help, and every PS> example of about_InvokeAI, runs as written: read back
# through Get-Help (and from the installed about topic) so a new example is tested without touching this file,
# run in a fresh runspace with only the module imported, in an empty folder of its own, with the demo model.
# An example passes when it writes exactly the errors it shows (usually none). Shown output after the code is
# documentation; only the errors in it are checked.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Examples.psm1') -Force
    Import-Module $env:INVOKEAI_TEST_MODULE -Force
    $examples = @(Get-ModuleExample -Module InvokeAI.PowerShell | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Examples.psm1') -Force
    Import-Module $env:INVOKEAI_TEST_MODULE -Force
    $script:cases = [ordered]@{}
    $number = 0
    foreach ($case in Get-ModuleExample -Module InvokeAI.PowerShell) {
        $case.Directory = (New-Item -ItemType Directory -Path (Join-Path $TestDrive "example-$((++$number))")).FullName
        $cases[$case.Name] = $case
    }
    $script:results = Invoke-ExampleCase -Case @($cases.Values) -ModulePath $env:INVOKEAI_TEST_MODULE -WorkDirectory $TestDrive
}

Describe 'Help examples' {
    It 'are found: every cmdlet has some, and about_InvokeAI has PS> examples' {
        foreach ($command in Get-Command -Module InvokeAI.PowerShell -CommandType Cmdlet) {
            @($cases.Keys -like "$($command.Name) example *").Count | Should -BeGreaterOrEqual 1 -Because "$($command.Name) has examples"
        }
        @($cases.Keys -like 'about_InvokeAI example *').Count | Should -BeGreaterOrEqual 5
    }

    It '<Name>' -ForEach $examples {
        $problems = @(Get-ExampleProblem $cases[$Name] $results[$Name])
        $problems -join "`n" | Should -BeNullOrEmpty -Because "the example should run as written:`n$($cases[$Name].Steps.Code -join "`n")`n"
    }
}

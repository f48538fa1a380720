# README.md's examples and the example scripts' own help examples run as written from the repository root,
# after `Import-Module ./out/InvokeAI.PowerShell`. Each runs in a fresh runspace, in a folder of its own that
# holds what the repository root offers them (a copy of examples/, and out/InvokeAI.PowerShell linked to the
# module under test), so nothing is written to the repository. A transcript that shows an error after a
# command must make that error; every other error fails the example.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Examples.psm1') -Force
    $repositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
    $examples = @(Get-RepositoryExample -RepositoryRoot $repositoryRoot | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Examples.psm1') -Force
    $repositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
    $script:cases = [ordered]@{}
    $number = 0
    foreach ($case in Get-RepositoryExample -RepositoryRoot $repositoryRoot) {
        $case.Directory = Join-Path $TestDrive "example-$((++$number))"
        New-RepositoryStage -Path $case.Directory -RepositoryRoot $repositoryRoot -ModulePath $env:INVOKEAI_TEST_MODULE
        $cases[$case.Name] = $case
    }
    $script:results = Invoke-ExampleCase -Case @($cases.Values) -ModulePath $env:INVOKEAI_TEST_MODULE -WorkDirectory $TestDrive
}

Describe 'README and example script examples' {
    It 'are found: README has examples, and so does every example script' {
        @($cases.Keys -like 'README example *').Count | Should -BeGreaterOrEqual 10
        foreach ($script in 'Render-Sketches.ps1', 'Scheduled-Render.ps1', 'Make-ReadmeImages.ps1', 'Render-Farm.ps1') {
            @($cases.Keys -like "$script example *").Count | Should -BeGreaterOrEqual 1 -Because "$script has examples"
        }
    }

    It '<Name>' -ForEach $examples {
        $problems = @(Get-ExampleProblem $cases[$Name] $results[$Name])
        $problems -join "`n" | Should -BeNullOrEmpty -Because "the example should run as written:`n$($cases[$Name].Steps.Code -join "`n")`n"
    }
}

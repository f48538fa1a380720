BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
}

Describe 'The module' {
    It 'exports its cmdlets by name, with approved verbs' {
        $commands = Get-Command -Module InvokeAI.PowerShell
        $commands.Name | Should -Contain 'Invoke-Img2Img'
        $commands.Name | Should -Contain 'Save-Image'
        $approved = (Get-Verb).Verb
        foreach ($command in $commands) { $approved | Should -Contain $command.Verb }
    }

    It 'declares the output type of every cmdlet' {
        foreach ($command in Get-Command -Module InvokeAI.PowerShell) {
            $command.OutputType | Should -Not -BeNullOrEmpty -Because "$($command.Name) should declare [OutputType]"
        }
    }

    It 'has a manifest version equal to the project version' {
        $props = [xml](Get-Content -Raw (Join-Path $PSScriptRoot '../../Directory.Build.props'))
        $version = ($props.Project.PropertyGroup | ForEach-Object { $_.Version } | Where-Object { $_ } | Select-Object -First 1)
        (Get-Module InvokeAI.PowerShell).Version | Should -Be ([version]$version)
    }

    It 'ships the demo model inside the module' {
        Test-Path (Join-Path $env:INVOKEAI_TEST_MODULE 'models/demo/unet/model.onnx') | Should -BeTrue
        Test-Path (Join-Path $env:INVOKEAI_TEST_MODULE 'models/demo/tokenizer/vocab.json') | Should -BeTrue
    }
}

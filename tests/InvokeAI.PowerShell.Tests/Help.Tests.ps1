# The built help, read back through Get-Help as a user reads it: every cmdlet has a synopsis, a description, an
# example and a description for every parameter, and the about_ topic is installed. The build already refuses
# to write incomplete help (build/Build-Help.ps1); these tests prove that what it wrote is what Get-Help shows.

BeforeDiscovery {
    # The test cases come from the built module itself, so a cmdlet or parameter added later is tested too.
    Import-Module $env:INVOKEAI_TEST_MODULE -Force
    $common = [System.Management.Automation.Cmdlet]::CommonParameters
    $cmdlets = @(Get-Command -Module InvokeAI.PowerShell -CommandType Cmdlet | ForEach-Object {
            @{ Name = $_.Name }
        })
    $parameters = @(Get-Command -Module InvokeAI.PowerShell -CommandType Cmdlet | ForEach-Object {
            $command = $_
            $command.Parameters.Keys | Where-Object { $_ -notin $common } | ForEach-Object {
                @{ Name = $command.Name; Parameter = $_ }
            }
        })
}

BeforeAll {
    Import-Module $env:INVOKEAI_TEST_MODULE -Force
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
    }

    It 'comes from the help file, not from the metadata alone' {
        # Without a help file Get-Help makes up a help object whose synopsis is the syntax.
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -BeLike "$Name *"
        $help.Synopsis.Trim() | Should -Not -Match '\[<CommonParameters>\]'
    }

    It 'has a description' {
        $text = ($help.Description | ForEach-Object Text) -join "`n"
        $text.Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code' {
        $examples = @($help.Examples.Example)
        $examples.Count | Should -BeGreaterOrEqual 1
        foreach ($example in $examples) { $example.Code.Trim() | Should -Not -BeNullOrEmpty }
    }

    It 'has a syntax item for every parameter set' {
        @($help.Syntax.SyntaxItem).Count | Should -Be @((Get-Command $Name).ParameterSets).Count
    }

    It 'links to about_InvokeAI' {
        @($help.RelatedLinks.NavigationLink.LinkText) | Should -Contain 'about_InvokeAI'
    }
}

Describe 'Parameter help' {
    It '<Name> -<Parameter> has a description' -ForEach $parameters {
        $parameterHelp = Get-Help $Name -Parameter $Parameter
        $parameterHelp.Name | Should -Be $Parameter
        $text = ($parameterHelp.Description | ForEach-Object Text) -join "`n"
        $text.Trim() | Should -Not -BeNullOrEmpty
    }
}

Describe 'Render setting defaults in help' {
    It 'shows for -<Name> the default declared on the settings record' -ForEach @(
        @{ Name = 'Steps'; Default = '50' }, @{ Name = 'CfgScale'; Default = '7.5' }, @{ Name = 'Sampler'; Default = 'k_lms' },
        @{ Name = 'MaskBlur'; Default = '4' }, @{ Name = 'NoiseSource'; Default = 'Cpu' }, @{ Name = 'PromptSyntax'; Default = 'InvokeAI' }
    ) {
        [string][InvokeAI.Core.Pipelines.RenderSettings]::Defaults.ValueOf($Name) | Should -Be $Default
        foreach ($command in 'Invoke-Img2Img', 'Get-LatentSteps') {
            (Get-Help $command -Parameter $Name).defaultValue | Should -Be $Default
        }
    }
}

Describe 'Invoke-Img2Img examples' {
    It 'show the batch pipeline from Get-ChildItem' {
        $examples = Get-Help Invoke-Img2Img -Examples | Out-String -Width 250
        $examples | Should -Match 'Get-ChildItem'
        $examples | Should -Match 'Save-Image -Directory'
    }

    It 'open with the basic render of one sketch' {
        $first = @((Get-Help Invoke-Img2Img -Examples).Examples.Example)[0]
        $first.Title | Should -Match 'Render one sketch'
        $first.Code | Should -Match '-InitImage \S+\.png'
        $first.Code | Should -Not -Match '-Mask'
    }

    It 'show a batch from a CSV file, for Get-LatentSteps too' -ForEach @(@{ Command = 'Invoke-Img2Img' }, @{ Command = 'Get-LatentSteps' }) {
        $examples = Get-Help $Command -Examples | Out-String -Width 250
        $examples | Should -Match "Import-Csv \S+\.csv \| $Command"
        $examples | Should -Match 'Prompt,InitImage,Strength,Seed'
    }
}

Describe 'about_InvokeAI' {
    It 'is found by Get-Help and explains strength' {
        $text = Get-Help about_InvokeAI | Out-String
        $text | Should -Match 'about_InvokeAI'
        $text | Should -Match 'strength'
    }
}

# A render's settings are one record (InvokeAI.Core.Pipelines.RenderSettings) that rendered images and read records
# carry as .Settings; PowerShell shows each setting beside the object's own properties, as users expect of both.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    # Enumerated from the record itself, so a setting added later is checked here too.
    $script:settingNames = @([InvokeAI.Core.Pipelines.RenderSettings]::Names | ForEach-Object { @{ Name = $_ } })
    # Every setting a user chooses has a parameter on both render cmdlets; a variation's seed is chosen per render.
    $script:parameterCases = @(foreach ($command in 'Invoke-Img2Img', 'Get-LatentSteps') {
            foreach ($name in [InvokeAI.Core.Pipelines.RenderSettings]::Names) {
                if ($name -ne 'VariationSeed') { @{ Command = $command; Name = $name } }
            }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:init = New-TestPng -Path (Join-Path $TestDrive 'sketch.png') -Width 64 -Height 64
    $script:render = Invoke-Img2Img 'fire' $init -NegativePrompt 'smoke' -Steps 6 -Strength 0.5 -Seed 42 -Sampler k_euler -Karras -Variation 0.2
    $script:saved = $render | Save-Image -Path (Join-Path $TestDrive 'render.png') -PassThru
    $script:record = Get-ImageMetadata $saved.FullName
}

Describe 'The settings of a rendered image and of a read record' {
    It 'shows <Name> on the image as its Settings hold it' -ForEach $settingNames {
        $render.PSObject.Properties[$Name] | Should -Not -BeNullOrEmpty
        if ($Name -notin 'Width', 'Height') {
            # Width and Height are the image's own (the size of its pixels); for a finished render the same numbers.
            "$($render.$Name)" | Should -Be "$($render.Settings.ValueOf($Name))"
        }
    }

    It 'shows <Name> on the record read back, the same as the render' -ForEach $settingNames {
        $record.PSObject.Properties[$Name] | Should -Not -BeNullOrEmpty
        "$($record.$Name)" | Should -Be "$($render.Settings.ValueOf($Name))"
    }

    It 'holds the settings as one record' {
        $render.Settings | Should -BeOfType ([InvokeAI.Core.Pipelines.RenderSettings])
        $record.Settings | Should -Be $render.Settings
        $render.Settings.Seed | Should -Be 42
        @($render.Variations).Count | Should -Be 1
    }

    It 'selects and formats settings like any property' {
        ($render | Select-Object Prompt, Seed, Strength, StepsTaken | ConvertTo-Json -Compress) |
            Should -Be '{"Prompt":"fire","Seed":42,"Strength":0.5,"StepsTaken":3}'
        ($render | Format-Table | Out-String) | Should -Match '64x64\s+42\s+0\.5\s+3/6\s+7\.5 k_euler'
    }

    It 'shows the settings in a runspace that never imported the module' {
        # Real properties, not type data of the importing session: ForEach-Object -Parallel, thread jobs, runspaces.
        1 | ForEach-Object -Parallel { ($using:render).Seed, ($using:render).Prompt } | Should -Be @(42, 'fire')
    }

    It 'refuses to change one setting of a rendered image' {
        { $render.Seed = 1 } | Should -Throw '*Seed*ReadOnly*'
        $render.Seed | Should -Be 42
    }

    It 'builds an image from a hashtable with its settings as one record' {
        $pixels = [InvokeAI.Core.Imaging.RgbaImage]::new(8, 8)
        $built = [InvokeAI.Core.Pipelines.DiffusionImage]@{ Pixels = $pixels; Settings = [InvokeAI.Core.Pipelines.RenderSettings]@{ Seed = 9; Prompt = 'x' }; Step = 2 }
        ($built.Seed, $built.Prompt, $built.Step) | Should -Be @(9, 'x', 2)
    }
}

Describe 'A parameter per setting' {
    It '<Command> takes <Name>' -ForEach $parameterCases {
        (Get-Command $Command).ResolveParameter($Name) | Should -Not -BeNullOrEmpty
    }

    It 'passes every setting given on the command line to the render' {
        $mask = New-TestPng -Path (Join-Path $TestDrive 'mask.png') -Width 64 -Height 64 -Rect 0, 0, 32, 64 -RectAlpha 255 -RectColour 255, 255, 255 -From 0, 0, 0 -To 0, 0, 0
        $given = Invoke-Img2Img -Prompt 'fire' -InitImage $init -NegativePrompt 'smoke' -PromptSyntax ComfyUI -Seed 7 -Strength 0.6 -DenoiseSteps 3 -CfgScale 5 -Sampler ddim -Eta 0.5 `
            -NoiseSource Cuda -Compatibility InvokeAI2 -Width 128 -Height 64 -Fit -WithVariations '9:0.1' -Variation 0.2 -Mask $mask -InvertMask -MaskBlur 2
        $given.Settings.ToString() | Should -BeLike "Prompt 'fire', NegativePrompt 'smoke', PromptSyntax ComfyUI, Seed 7, Strength 0.6, Steps 5, CfgScale 5, Sampler 'ddim', Karras False, Eta 0.5, NoiseSource Cuda, Compatibility InvokeAI2, Width 64, Height 64, Variations 9:0.1,*:0.2, InvertMask True, MaskBlur 2, VaeSample False"
    }
}

Describe 'A switch given as $false' {
    It 'overrules the record''s Karras (-Karras:$false)' {
        $again = Invoke-Img2Img -Metadata $record -InitImage $init -Karras:$false
        $again.Karras | Should -BeFalse
        $again.Sampler | Should -Be 'k_euler'
    }
}

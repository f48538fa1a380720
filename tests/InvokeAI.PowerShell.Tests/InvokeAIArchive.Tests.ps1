# InvokeAI's own renders, as its repository keeps them (tag v2.2.5, docs/assets/): every Dream line and sd-metadata
# record of the 55 files, on our own 16×16 pixels (tests/fixtures/invokeai-archive/, made by its make_fixtures.py).
# The expected values are read off each file's Dream line, not from the module (sd-metadata where a file has none:
# outpainting/curly-outcrop*.png and curly-outpaint.png), and cross-checked against its sd-metadata where it has one.
BeforeDiscovery {
    $columns = 'Path', 'Kind', 'Seed', 'Steps', 'Width', 'Height', 'CfgScale', 'Sampler', 'Strength', 'Variations', 'Fit', 'AppVersion', 'Compatibility'
    $table = @(
        #   Path                                                         Kind           Seed        Steps  Width  Height CfgScale Sampler      Strength Variations (seed:weight)                         Fit    AppVersion Compatibility
        , @('concepts/image1.png',                                       'Render',      2202748743, 30,    512,   512,   7.5,     'k_euler_a', $null,   '',                                              $null, 'v2.2.0',  'InvokeAI2')
        , @('concepts/image2.png',                                       'Render',      54236737,   30,    512,   512,   7.5,     'k_euler_a', $null,   '',                                              $null, 'v2.2.0',  'InvokeAI2')
        , @('concepts/image3.png',                                       'Render',      2218943012, 30,    512,   512,   7.5,     'k_euler_a', $null,   '',                                              $null, 'v2.2.0',  'InvokeAI2')
        , @('concepts/image4.png',                                       'Render',      1305368512, 30,    512,   512,   7.5,     'k_euler_a', $null,   '',                                              $null, 'v2.2.0',  'InvokeAI2')
        , @('concepts/image5.png',                                       'Render',      4102142198, 30,    512,   512,   7.5,     'k_euler_a', $null,   '',                                              $null, 'v2.2.0',  'InvokeAI2')
        , @('img2img/000019.1592514025.png',                             'Render',      1592514025, 10,    384,   384,   7.5,     'k_euler',   $null,   '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('img2img/000030.1592514025.png',                             'Render',      1592514025, 10,    384,   384,   7.5,     'ddim',      0.4,     '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('img2img/000030.step-0.png',                                 'Placeholder', $null,      $null, $null, $null, $null,   $null,       $null,   '',                                              $null, $null,     $null)
        , @('img2img/000032.1592514025.png',                             'Render',      1592514025, 10,    384,   384,   7.5,     'ddim',      0.7,     '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('img2img/000032.step-0.png',                                 'Placeholder', $null,      $null, $null, $null, $null,   $null,       $null,   '',                                              $null, $null,     $null)
        , @('img2img/000034.1592514025.png',                             'Render',      1592514025, 50,    384,   384,   7.5,     'ddim',      0.7,     '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('img2img/000035.1592514025.png',                             'Render',      1592514025, 50,    384,   384,   7.5,     'ddim',      0.4,     '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('img2img/000045.1592514025.png',                             'Render',      1592514025, 29,    384,   384,   7.5,     'k_lms',     0.7,     '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('img2img/000046.1592514025.png',                             'Render',      1592514025, 30,    384,   384,   7.5,     'k_lms',     0.7,     '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('inpainting/000019.curly.hair.deselected.png',               'Mask',        $null,      $null, $null, $null, $null,   $null,       $null,   '',                                              $null, $null,     $null)
        , @('inpainting/000019.curly.hair.masked.png',                   'Mask',        $null,      $null, $null, $null, $null,   $null,       $null,   '',                                              $null, $null,     $null)
        , @('inpainting/000019.curly.hair.selected.png',                 'Mask',        $null,      $null, $null, $null, $null,   $null,       $null,   '',                                              $null, $null,     $null)
        , @('inpainting/000024.801380492.png',                           'Render',      125470795,  50,    512,   512,   20.0,    'k_lms',     0.75,    '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('negative_prompt_walkthru/step1.png',                        'Render',      1654590180, 20,    512,   768,   7.5,     'k_euler_a', $null,   '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('negative_prompt_walkthru/step2.png',                        'Render',      1654590180, 20,    512,   768,   7.5,     'k_euler_a', $null,   '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('negative_prompt_walkthru/step3.png',                        'Render',      1654590180, 20,    512,   768,   7.5,     'k_euler_a', $null,   '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('negative_prompt_walkthru/step4.png',                        'Render',      1654590180, 20,    512,   768,   7.5,     'k_euler_a', $null,   '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('outpainting/curly-outcrop-2.png',                           'Render',      942491079,  50,    512,   512,   7.5,     'k_lms',     $null,   '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('outpainting/curly-outcrop.png',                             'Render',      942491079,  50,    512,   512,   7.5,     'k_lms',     $null,   '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('outpainting/curly-outpaint.png',                            'Render',      942491079,  50,    512,   512,   7.5,     'k_lms',     $null,   '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('outpainting/curly.png',                                     'Render',      942491079,  50,    512,   512,   7.5,     'k_lms',     $null,   '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('prompt-blending/blue-sphere-0.25-red-cube-0.75-hybrid.png', 'Render',      3575531754, 50,    512,   512,   7.5,     'k_lms',     $null,   '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('prompt-blending/blue-sphere-0.5-red-cube-0.5-hybrid.png',   'Render',      2582526960, 50,    512,   512,   7.5,     'k_lms',     $null,   '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('prompt-blending/blue-sphere-0.5-red-cube-0.5.png',          'Render',      3054592274, 50,    512,   512,   7.5,     'k_lms',     $null,   '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('prompt-blending/blue-sphere-0.75-red-cube-0.25-hybrid.png', 'Render',      3174410380, 50,    512,   512,   7.5,     'k_lms',     $null,   '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('prompt-blending/blue-sphere-red-cube-hybrid.png',           'Render',      3669683259, 50,    512,   512,   7.5,     'k_lms',     $null,   '',                                              $null, 'v1.15',   'InvokeAI2')
        , @('prompt_syntax/apricots--1.png',                             'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/apricots--2.png',                             'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/apricots--3.png',                             'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/apricots-0.png',                              'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/apricots-1.png',                              'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/apricots-2.png',                              'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/apricots-3.png',                              'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/apricots-4.png',                              'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/apricots-5.png',                              'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/mountain-man.png',                            'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/mountain-man1.png',                           'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/mountain-man2.png',                           'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/mountain-man3.png',                           'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/mountain-man4.png',                           'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/mountain1-man.png',                           'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/mountain2-man.png',                           'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('prompt_syntax/mountain3-man.png',                           'Render',      4082001100, 20,    512,   512,   7.5,     'ddim',      $null,   '',                                              $null, 'v2.02',   'InvokeAI2')
        , @('step7.png',                                                 'Render',      2439087110, 50,    512,   512,   7.5,     'k_lms',     0.46,    '',                                              $true, $null,     $null)
        , @('still-life-inpainted.png',                                  'Render',      752632541,  50,    512,   512,   7.5,     'k_lms',     0.9,     '',                                              $true, 'v1.15',   'InvokeAI2')
        , @('variation_walkthru/000001.3357757885.png',                  'Render',      3357757885, 50,    512,   512,   7.5,     'k_lms',     $null,   '',                                              $null, $null,     $null)
        , @('variation_walkthru/000002.1614299449.png',                  'Render',      3357757885, 50,    512,   512,   7.5,     'k_lms',     $null,   '1614299449:0.2',                                $null, $null,     $null)
        , @('variation_walkthru/000002.3647897225.png',                  'Render',      3357757885, 50,    512,   512,   7.5,     'k_lms',     $null,   '3647897225:0.2',                                $null, $null,     $null)
        , @('variation_walkthru/000003.1614299449.png',                  'Render',      3357757885, 50,    512,   512,   7.5,     'k_lms',     $null,   '3647897225:0.1,1614299449:0.1',                 $null, $null,     $null)
        , @('variation_walkthru/000004.3747154981.png',                  'Render',      3357757885, 50,    512,   512,   7.5,     'k_lms',     $null,   '3647897225:0.1,1614299449:0.1,3747154981:0.05', $null, $null,     $null)
    )
    $script:rows = foreach ($row in $table) {
        $entry = @{}
        for ($i = 0; $i -lt $columns.Count; $i++) { $entry[$columns[$i]] = $row[$i] }
        $entry
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:root = Join-Path $PSScriptRoot '../fixtures/invokeai-archive'

    function Read-Archive([string] $RelativePath) {
        Get-ImageMetadata -LiteralPath (Join-Path $root $RelativePath) -WarningAction SilentlyContinue
    }
}

Describe 'Get-ImageMetadata of InvokeAI''s archive (v2.2.5 docs/assets)' {
    It 'reads <Path> as a <Kind> with its Dream line''s settings' -ForEach $rows {
        $m = @(Read-Archive $Path)
        $m.Count | Should -Be 1
        $m = $m[0]
        $m.Format | Should -Be 'InvokeAI'
        "$($m.Kind)" | Should -Be $Kind
        $m.Seed | Should -Be $Seed
        $m.Steps | Should -Be $Steps
        $m.Width | Should -Be $Width
        $m.Height | Should -Be $Height
        $m.CfgScale | Should -Be $CfgScale
        $m.Sampler | Should -Be $Sampler
        if ($null -eq $Strength) { $m.Strength | Should -Be $null }
        else { [math]::Abs($m.Strength - $Strength) | Should -BeLessThan 1e-9 -Because "the strength is $Strength, not $($m.Strength)" }
        ($(foreach ($v in $m.Variations) { "$($v.Seed):$($v.Weight)" }) -join ',') | Should -Be $Variations
        $m.Fit | Should -Be $Fit
        $m.AppVersion | Should -Be $AppVersion
        if ($null -eq $Compatibility) { $m.Compatibility | Should -Be $null } else { "$($m.Compatibility)" | Should -Be $Compatibility }
        if ($AppVersion -eq 'v1.15') { $m.Karras | Should -Be $false } elseif ($AppVersion) { $m.Karras | Should -Be $null }
        if ($Kind -ne 'Render') { $m.Prompt | Should -Be $null }
    }

    It 'gives a record for every one of the 55 files, and no error' {
        $files = @(Get-ChildItem -LiteralPath $root -Recurse -Filter *.png)
        $files.Count | Should -Be 55
        $records = @($files | Get-ImageMetadata -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        @($failures).Count | Should -Be 0
        $records.Count | Should -Be 55
        @($records.Path | Sort-Object) | Should -Be @($files.FullName | Sort-Object)
        @($records.Format | Sort-Object -Unique) | Should -Be @('InvokeAI')
    }

    It 'takes the Dream line''s sampler over sd-metadata''s in <Path>, with a warning naming both' -ForEach @(
        @{ Path = 'img2img/000045.1592514025.png' }, @{ Path = 'img2img/000046.1592514025.png' }
    ) {
        $m = Get-ImageMetadata -LiteralPath (Join-Path $root $Path) -WarningVariable warnings -WarningAction SilentlyContinue
        $m.Sampler | Should -Be 'k_lms'
        $warnings.Count | Should -BeGreaterThan 0
        ($warnings -join "`n") | Should -Match 'ddim'
        ($warnings -join "`n") | Should -Match 'k_lms'
    }

    It 'warns of nothing for <Path>, whose Dream line and sd-metadata agree' -ForEach @(
        @{ Path = 'outpainting/curly.png' }, @{ Path = 'concepts/image1.png' }, @{ Path = 'prompt_syntax/mountain-man.png' }, @{ Path = 'negative_prompt_walkthru/step3.png' }
    ) {
        $null = Get-ImageMetadata -LiteralPath (Join-Path $root $Path) -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 0
    }

    It 'reads the prompt of <Path>' -ForEach @(
        @{ Path = 'concepts/image1.png'; Prompt = 'japanese gardener'; NegativePrompt = $null }
        @{ Path = 'concepts/image5.png'; Prompt = 'a portrait of <alf> in <ghibli-face> style'; NegativePrompt = $null }
        @{ Path = 'prompt-blending/blue-sphere-0.25-red-cube-0.75-hybrid.png'; Prompt = 'blue sphere:0.25 red cube:0.75 hybrid'; NegativePrompt = $null }
        @{ Path = 'negative_prompt_walkthru/step1.png'; NegativePrompt = $null }
        @{ Path = 'negative_prompt_walkthru/step3.png'; NegativePrompt = 'woman blue' }
        @{ Path = 'negative_prompt_walkthru/step4.png'; NegativePrompt = 'woman blue saddle' }
    ) {
        if (-not $Prompt) {
            $Prompt = 'A fantastical translucent poney made of water and foam, ethereal, radiant, hyperalism, scottish folklore, ' +
                'digital painting, artstation, concept art, smooth, 8 k frostbite 3 engine, ultra detailed, art by artgerm and greg rutkowski and magali villeneuve'
        }
        $m = Read-Archive $Path
        $m.Prompt | Should -Be $Prompt
        if ($NegativePrompt) { $m.NegativePrompt | Should -Be $NegativePrompt } else { $m.NegativePrompt | Should -BeNullOrEmpty }
    }

    It 'reads step7.png''s embedded init image as a flag, keeping no 600 KB string' {
        $m = Read-Archive 'step7.png'
        $m.Prompt | Should -Be 'a young attractive smiling man, face, illustration, oil painting, art by greg rutkowski'
        $m.InitImagePath | Should -Be $null
        $m.InitImageEmbedded | Should -Be $true
        $m.PSObject.Properties.Name | Should -Contain 'SourceText'
        $long = foreach ($o in @($m, $m.Settings)) {
            if ($null -ne $o) { $o.PSObject.Properties | Where-Object { $_.Value -is [string] -and $_.Value.Length -gt 10000 } | ForEach-Object Name }
        }
        $long | Should -BeNullOrEmpty -Because 'no string property should hold the data: URI'
    }

    It 'renders the guide''s 000045 again by InvokeAI 2.0''s rules, with the Dream line''s sampler and strength' {
        $init = New-TestPng -Path (Join-Path $TestDrive 'fire-drawing.png') -Width 64 -Height 64
        $record = Read-Archive 'img2img/000045.1592514025.png'
        # The record is 384×384; -Width and -Height keep the demo render small, and every other setting is the record's.
        $again = Invoke-Img2Img -Metadata $record -InitImage $init -Width 64 -Height 64
        $again.Compatibility | Should -Be 'InvokeAI2'
        $again.Sampler | Should -Be 'k_lms'
        $again.Karras | Should -BeFalse
        $again.Strength | Should -Be 0.7
        $again.StepsTaken | Should -Be 20 -Because 'int(0.7 × 29) is 20'
        $again.Seed | Should -Be 1592514025
    }

    It 'refuses <Path>''s <Record> line as Invoke-Img2Img -Metadata, naming the file and the line' -ForEach @(
        @{ Path = 'inpainting/000019.curly.hair.masked.png'; Record = '!mask'; What = 'mask' }
        @{ Path = 'img2img/000030.step-0.png'; Record = 'placeholder'; What = 'placeholder|too lazy' }
    ) {
        $init = New-TestPng -Path (Join-Path $TestDrive 'init.png') -Width 64 -Height 64
        $record = Read-Archive $Path
        $failure = $null
        try { Invoke-Img2Img -Metadata $record -Prompt 'x' -InitImage $init -ErrorAction Stop | Out-Null } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty -Because 'a record that is no render cannot be rendered again'
        $failure.FullyQualifiedErrorId | Should -BeLike 'MetadataNotARender*'
        $failure.Exception.Message | Should -Match ([regex]::Escape((Split-Path -Leaf $Path)))
        $failure.Exception.Message | Should -Match $What
    }
}

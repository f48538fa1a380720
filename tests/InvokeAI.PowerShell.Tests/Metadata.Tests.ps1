# Renders that reproduce themselves: Save-Image records the parameters in the file, Get-ImageMetadata reads them
# (and other tools' records) back, Invoke-Img2Img -Metadata renders again with them.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:init = New-TestPng -Path (Join-Path $TestDrive 'sketch.png') -Width 64 -Height 64
    $script:render = Invoke-Img2Img 'fire' $init -NegativePrompt 'blue smoke' -Steps 6 -Strength 0.5 -CfgScale 6 -Seed 42 -Sampler k_euler -Karras
    $script:saved = $render | Save-Image -Path (Join-Path $TestDrive 'render.png') -PassThru

    function Get-ErrorId($ErrorRecord) { ($ErrorRecord.FullyQualifiedErrorId -split ',')[0] }

    function Get-PixelHash($Image) {
        [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([byte[]]$Image.Pixels.Pixels))
    }
}

Describe 'Get-ImageMetadata of a saved render' {
    It 'gives every parameter of the render, as the module recorded it' {
        $metadata = Get-ImageMetadata $saved.FullName
        $metadata | Should -BeOfType ([InvokeAI.Core.Metadata.ImageMetadata])
        $metadata.Format | Should -Be 'InvokeAI.PowerShell'
        $metadata.Path | Should -Be $saved.FullName
        $metadata.Prompt | Should -Be 'fire'
        $metadata.NegativePrompt | Should -Be 'blue smoke'
        $metadata.Seed | Should -Be 42
        $metadata.Steps | Should -Be 6
        $metadata.StepsTaken | Should -Be 3
        $metadata.Strength | Should -Be 0.5
        $metadata.CfgScale | Should -Be 6
        $metadata.Sampler | Should -Be 'k_euler'
        $metadata.Karras | Should -BeTrue
        $metadata.Eta | Should -Be 0
        $metadata.NoiseSource | Should -Be 'Cpu'
        $metadata.Width | Should -Be 64
        $metadata.Height | Should -Be 64
        @($metadata.Variations).Count | Should -Be 0
        $metadata.ModelPath | Should -Be $render.Model
        $metadata.ModelName | Should -Be (Split-Path -Leaf $render.Model)
        $metadata.Provider | Should -Be $render.Provider
        $metadata.InitImagePath | Should -Be $init.FullName
        $metadata.ModuleVersion | Should -Be (Get-Module InvokeAI.PowerShell).Version.ToString(3)
        $metadata.Step | Should -BeNullOrEmpty
    }

    It 'also writes InvokeAI''s Dream and sd-metadata chunks into the PNG' {
        $text = [Text.Encoding]::Latin1.GetString([IO.File]::ReadAllBytes($saved.FullName))
        $text | Should -Match 'tEXtDream\x00"fire \[blue smoke\]" -s 6 -S 42 -W 64 -H 64 -C 6 -A k_euler -f 0.5 -I '
        $text | Should -Match 'tEXtsd-metadata\x00\{"model":"stable diffusion"'
        $text | Should -Match 'tEXtinvokeai-powershell\x00\{"format":"InvokeAI.PowerShell"'
    }

    It 'takes files from Get-ChildItem, wildcards and literal paths' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'many')
        $render | Save-Image -Directory $folder -Path 'a.png'
        $render | Save-Image -Directory $folder -Path 'b[1].png'
        @(Get-ChildItem $folder | Get-ImageMetadata).Count | Should -Be 2
        @(Get-ImageMetadata (Join-Path $folder '*.png')).Count | Should -Be 2
        (Get-ImageMetadata -LiteralPath (Join-Path $folder 'b[1].png')).Seed | Should -Be 42
    }

    It 'shows as a table with the format, file and seed' {
        $table = Get-ImageMetadata $saved.FullName | Out-String -Width 200
        $table | Should -Match 'Format\s+File\s+Seed'
        $table | Should -Match 'InvokeAI\.PowerShell\s+render\.png\s+42\s+0\.5\s+6\s+6 k_euler karras\s+fire'
    }

    It 'reads the record from JPEG and WebP files too' -ForEach @(@{ Extension = 'jpg' }, @{ Extension = 'webp' }) {
        $file = $render | Save-Image -Path (Join-Path $TestDrive "render.$Extension") -PassThru
        $metadata = Get-ImageMetadata -LiteralPath $file.FullName
        $metadata.Format | Should -Be 'InvokeAI.PowerShell'
        $metadata.Seed | Should -Be 42
        $metadata.Karras | Should -BeTrue
        $metadata.NegativePrompt | Should -Be 'blue smoke'
    }
}

Describe 'Get-ImageMetadata of other tools'' files' {
    It 'reads InvokeAI''s sd-metadata, splitting off the [negative prompt]' {
        $json = '{"model":"stable diffusion","model_id":"stable-diffusion-1.5","app_id":"invoke-ai/InvokeAI","app_version":"2.2.5",' +
            '"image":{"type":"img2img","prompt":[{"prompt":"a red barn [fog]","weight":1.0}],"seed":1592514025,"variations":[{"seed":7,"weight":0.1}],' +
            '"steps":50,"cfg_scale":7.5,"width":512,"height":512,"sampler":"k_lms","strength":0.75,"orig_hash":"abc"}}'
        $file = New-TestPng -Path (Join-Path $TestDrive 'invokeai.png') -Text @{ 'sd-metadata' = $json; 'Dream' = '"a red barn [fog]" -s 50 -S 1592514025' }
        $metadata = Get-ImageMetadata $file.FullName
        $metadata.Format | Should -Be 'InvokeAI'
        $metadata.Prompt | Should -Be 'a red barn'
        $metadata.NegativePrompt | Should -Be 'fog'
        $metadata.Seed | Should -Be 1592514025
        "$($metadata.Variations)" | Should -Be '7:0.1'
        $metadata.Strength | Should -Be 0.75
        $metadata.ModelName | Should -Be 'stable-diffusion-1.5'
        $metadata.Karras | Should -BeNullOrEmpty
    }

    It 'reads InvokeAI''s Dream line when it is all there is' {
        $file = New-TestPng -Path (Join-Path $TestDrive 'dream.png') -Text @{ Dream = '"a lighthouse" -s 30 -S 99 -W 512 -H 512 -C 7.5 -A k_euler_a -f 0.6 -V 5:0.2,6:0.3' }
        $metadata = Get-ImageMetadata $file.FullName
        $metadata.Format | Should -Be 'InvokeAI'
        $metadata.Prompt | Should -Be 'a lighthouse'
        $metadata.Sampler | Should -Be 'k_euler_a'
        ($metadata.Variations | ForEach-Object Seed) | Should -Be @(5, 6)
    }

    It 'reads A1111''s parameters, mapping its sampler names to ours' {
        $parameters = "a watercolour lighthouse`nNegative prompt: blurry`nSteps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 123, Size: 512x512, Model: x, Denoising strength: 0.6"
        $file = New-TestPng -Path (Join-Path $TestDrive 'a1111.png') -Text @{ parameters = $parameters }
        $metadata = Get-ImageMetadata $file.FullName
        $metadata.Format | Should -Be 'A1111'
        $metadata.Prompt | Should -Be 'a watercolour lighthouse'
        $metadata.NegativePrompt | Should -Be 'blurry'
        $metadata.Sampler | Should -Be 'k_dpmpp_2m'
        $metadata.Karras | Should -BeTrue
        $metadata.Steps | Should -Be 20
        $metadata.CfgScale | Should -Be 7
        $metadata.Seed | Should -Be 123
        $metadata.Strength | Should -Be 0.6
        $metadata.ModelName | Should -Be 'x'
        $metadata.Width | Should -Be 512
        $metadata.SourceText | Should -Be $parameters
    }

    It 'reads ComfyUI''s prompt graph' {
        $graph = @{
            '4' = @{ class_type = 'CheckpointLoaderSimple'; inputs = @{ ckpt_name = 'sd15.safetensors' } }
            '5' = @{ class_type = 'EmptyLatentImage'; inputs = @{ width = 512; height = 768; batch_size = 1 } }
            '6' = @{ class_type = 'CLIPTextEncode'; inputs = @{ text = 'a fox'; clip = @('4', 1) } }
            '7' = @{ class_type = 'CLIPTextEncode'; inputs = @{ text = 'blurry'; clip = @('4', 1) } }
            '3' = @{ class_type = 'KSampler'; inputs = @{ seed = 8; steps = 25; cfg = 6.5; sampler_name = 'euler_ancestral'; scheduler = 'karras'
                    denoise = 1.0; model = @('4', 0); positive = @('6', 0); negative = @('7', 0); latent_image = @('5', 0) } }
        } | ConvertTo-Json -Depth 5 -Compress
        $file = New-TestPng -Path (Join-Path $TestDrive 'comfyui.png') -Text @{ prompt = $graph }
        $metadata = Get-ImageMetadata $file.FullName
        $metadata.Format | Should -Be 'ComfyUI'
        $metadata.Prompt | Should -Be 'a fox'
        $metadata.NegativePrompt | Should -Be 'blurry'
        $metadata.Sampler | Should -Be 'k_euler_a'
        $metadata.Karras | Should -BeTrue
        $metadata.Seed | Should -Be 8
        $metadata.Strength | Should -Be 1
        $metadata.Height | Should -Be 768
        $metadata.ModelName | Should -Be 'sd15.safetensors'
        $metadata.NoiseSource | Should -Be 'Cpu'
    }

    It 'prefers the module''s record to InvokeAI''s, and InvokeAI''s to A1111''s' {
        $file = New-TestPng -Path (Join-Path $TestDrive 'both.png') -Text @{
            parameters = "a1111`nSteps: 20, Seed: 1"; 'sd-metadata' = '{"image":{"prompt":"invoke","seed":2}}'
        }
        (Get-ImageMetadata $file.FullName).Format | Should -Be 'InvokeAI'
    }
}

Describe 'Get-ImageMetadata of files without metadata' {
    It 'writes a non-terminating ImageMetadataNotFound error naming the file, and goes on' {
        $plain = New-TestPng -Path (Join-Path $TestDrive 'plain.png')
        $found = @(Get-ImageMetadata $plain.FullName, $saved.FullName -ErrorVariable problems -ErrorAction SilentlyContinue)
        $found.Count | Should -Be 1
        $found[0].Path | Should -Be $saved.FullName
        $problems.Count | Should -Be 1
        Get-ErrorId $problems[0] | Should -Be 'ImageMetadataNotFound'
        $problems[0].TargetObject | Should -Be $plain.FullName
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'refuses a record of a later format version, naming the file, instead of half-reading it' {
        $later = New-TestPng -Path (Join-Path $TestDrive 'later.png') -Text @{
            'invokeai-powershell' = '{"format":"InvokeAI.PowerShell","formatVersion":9,"prompt":"blue","seed":1}'
        }
        $found = @(Get-ImageMetadata $later.FullName, $saved.FullName -ErrorVariable problems -ErrorAction SilentlyContinue)
        $found.Path | Should -Be @($saved.FullName)
        Get-ErrorId $problems[0] | Should -Be 'ImageMetadataVersionUnsupported'
        $problems[0].TargetObject | Should -Be $later.FullName
        $problems[0].Exception.Message | Should -BeLike '*format version 9*'
    }

    It 'finds none in an imported image that Save-Image wrote: nothing rendered it' {
        $copy = Import-Image $init.FullName | Save-Image -Path (Join-Path $TestDrive 'imported.png') -PassThru
        { Get-ImageMetadata $copy.FullName -ErrorAction Stop } | Should -Throw -ErrorId 'ImageMetadataNotFound,InvokeAI.PowerShell.Commands.GetImageMetadataCommand'
    }

    It 'reports missing and unreadable files with the image ids' {
        $junk = Join-Path $TestDrive 'junk.png'
        Set-Content $junk 'not an image'
        Get-ImageMetadata -LiteralPath $junk, (Join-Path $TestDrive 'missing.png') -ErrorVariable problems -ErrorAction SilentlyContinue
        ($problems | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('ImageUnreadable', 'ImageNotFound')
    }
}

Describe 'Invoke-Img2Img -Metadata' {
    It 'renders the saved image again, pixel for pixel' {
        $again = Invoke-Img2Img -Metadata (Get-ImageMetadata $saved.FullName) -InitImage $init
        Get-PixelHash $again | Should -Be (Get-PixelHash (Import-Image $saved.FullName))
        $again.Seed | Should -Be 42
        $again.Karras | Should -BeTrue
        $again.NegativePrompt | Should -Be 'blue smoke'
    }

    It 'reproduces <Name> from a <Extension> file' -ForEach @(
        @{ Name = 'variations, an ancestral sampler and a chosen size'; Extension = 'png'
           Parameters = @{ Prompt = 'gold'; Sampler = 'k_euler_a'; Variation = 0.3; Width = 128; Height = 64; Steps = 5; Strength = 0.8 } }
        @{ Name = 'ddim with eta and CUDA noise'; Extension = 'webp'
           Parameters = @{ Prompt = 'green'; Sampler = 'ddim'; Eta = 0.5; NoiseSource = 'Cuda'; Steps = 4; Strength = 0.75; CfgScale = 3 } }
        @{ Name = 'a schedule -DenoiseSteps chose'; Extension = 'jpg'
           Parameters = @{ Prompt = 'purple'; DenoiseSteps = 3; Strength = 0.4 } }
    ) {
        $original = Invoke-Img2Img -InitImage $init @Parameters
        $file = $original | Save-Image -Path (Join-Path $TestDrive "again-$($Name.Length).$Extension") -PassThru
        $again = Invoke-Img2Img -Metadata (Get-ImageMetadata $file.FullName) -InitImage $init
        Get-PixelHash $again | Should -Be (Get-PixelHash $original)
        $again.Seed | Should -Be $original.Seed
        "$($again.Variations)" | Should -Be "$($original.Variations)"
    }

    It 'lets parameters given on the command line win' {
        $metadata = Get-ImageMetadata $saved.FullName
        $changed = Invoke-Img2Img -Metadata $metadata -InitImage $init -Strength 0.75 -Prompt 'blue' -Sampler k_lms
        $changed.Strength | Should -Be 0.75
        $changed.Prompt | Should -Be 'blue'
        $changed.Sampler | Should -Be 'k_lms'
        $changed.Seed | Should -Be 42
        $changed.Steps | Should -Be 6
        $changed.CfgScale | Should -Be 6
        $changed.NegativePrompt | Should -Be 'blue smoke'
        # Karras came along: k_lms takes it too.
        $changed.Karras | Should -BeTrue
        (Invoke-Img2Img -Metadata $metadata -InitImage $init -Sampler ddim).Karras | Should -BeFalse
    }

    It 'takes the init images from the pipeline' {
        @(Get-ChildItem $init.FullName | Invoke-Img2Img -Metadata (Get-ImageMetadata $saved.FullName)).Count | Should -Be 1
    }

    It 'renders from another tool''s record, within what it says' {
        $file = New-TestPng -Path (Join-Path $TestDrive 'a1111-render.png') -Text @{
            parameters = "red`nSteps: 8, Sampler: Euler a, CFG scale: 5, Seed: 77, Size: 64x64, Denoising strength: 0.5, RNG: CPU"
        }
        $image = Invoke-Img2Img -Metadata (Get-ImageMetadata $file.FullName) -InitImage $init
        $image.Prompt | Should -Be 'red'
        $image.Sampler | Should -Be 'k_euler_a'
        $image.StepsTaken | Should -Be 4
        $image.Seed | Should -Be 77
        $image.NoiseSource | Should -Be 'Cpu'
    }

    It 'stops before rendering when the record names a sampler renders here do not have' {
        $file = New-TestPng -Path (Join-Path $TestDrive 'unipc.png') -Text @{ parameters = "red`nSteps: 8, Sampler: UniPC, Seed: 1" }
        $stopped = { Invoke-Img2Img -Metadata (Get-ImageMetadata $file.FullName) -InitImage $init } |
            Should -Throw -ErrorId 'InvalidParameterCombination,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand' -PassThru
        # Named as the user gave it: the value came from -Metadata, not from a -Sampler they never typed.
        $stopped.TargetObject | Should -Be 'Metadata'
        $stopped.Exception.ParamName | Should -Be 'Metadata'
        $stopped.Exception.Message | Should -BeLike "*sampler 'UniPC'*give -Sampler*"
        (Invoke-Img2Img -Metadata (Get-ImageMetadata $file.FullName) -InitImage $init -Sampler k_euler -Steps 2).Sampler | Should -Be 'k_euler'
    }

    It 'needs a prompt from -Prompt or -Metadata' {
        { Invoke-Img2Img -InitImage $init -Steps 2 } | Should -Throw -ErrorId 'PromptMissing,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
        (Invoke-Img2Img 'fire' $init -Steps 2 -Strength 0.5).Prompt | Should -Be 'fire'
    }

    It 'works for Get-LatentSteps too, ending in the same image' {
        $steps = @(Get-LatentSteps -Metadata (Get-ImageMetadata $saved.FullName) -InitImage $init)
        $steps.Count | Should -Be 5
        Get-PixelHash $steps[-1] | Should -Be (Get-PixelHash $render)
    }
}

Describe 'Invoke-Img2Img -Metadata of an inpainting' {
    BeforeAll {
        # 128×128 warm gradients; the hole (and the mask's white square) is the 64×64 square in the middle.
        $warm = @{ Width = 128; Height = 128; From = 220, 60, 40; To = 240, 200, 40 }
        $script:plain = (New-TestPng -Path (Join-Path $TestDrive 'inpaint-plain.png') @warm).FullName
        $script:holed = (New-TestPng -Path (Join-Path $TestDrive 'inpaint-holed.png') @warm -Rect 32, 32, 64, 64).FullName
        $script:maskFile = (New-TestPng -Path (Join-Path $TestDrive 'inpaint-mask.png') -Width 128 -Height 128 -From 0, 0, 0 -To 0, 0, 0 `
                -Rect 32, 32, 64, 64 -RectAlpha 255 -RectColour 255, 255, 255).FullName
        $script:inpaint = @{ Prompt = 'blue'; Strength = 0.9; Steps = 6; Seed = 5 }

        function Save-AndReRender {
            <# Saves a render, reads its record back and renders from it with only the init image given. #>
            param($Render, [string] $Init, [string] $Name)
            $file = $Render | Save-Image -Path (Join-Path $TestDrive $Name) -PassThru
            $metadata = Get-ImageMetadata $file.FullName
            $again = Invoke-Img2Img -Metadata $metadata -InitImage $Init -WarningVariable warnings -WarningAction SilentlyContinue
            [pscustomobject]@{ Metadata = $metadata; Again = $again; Warnings = @($warnings) }
        }
    }

    It 'repeats a transparent-PNG inpainting with its -MaskBlur, pixel for pixel and without a warning' {
        $original = Invoke-Img2Img -InitImage $holed -MaskBlur 10 @inpaint

        $result = Save-AndReRender $original $holed 'inpainted-transparency.png'

        $result.Metadata.MaskSource | Should -Be 'Transparency'
        $result.Metadata.MaskBlur | Should -Be 10
        $result.Metadata.InvertMask | Should -BeFalse
        $result.Metadata.MaskPath | Should -BeNullOrEmpty
        Get-PixelHash $result.Again | Should -Be (Get-PixelHash $original)
        $result.Again.MaskBlur | Should -Be 10
        $result.Warnings | Should -BeNullOrEmpty
        # The blur matters: without it restored the same render gives other pixels.
        Get-PixelHash (Invoke-Img2Img -InitImage $holed @inpaint) | Should -Not -Be (Get-PixelHash $original)
    }

    It 'repeats a -Mask -InvertMask -MaskBlur render, reading the mask file again' {
        $original = Invoke-Img2Img -InitImage $plain -Mask $maskFile -InvertMask -MaskBlur 12 @inpaint

        $result = Save-AndReRender $original $plain 'inpainted-mask.png'

        $result.Metadata.MaskSource | Should -Be 'Mask'
        $result.Metadata.MaskPath | Should -Be $maskFile
        $result.Metadata.InvertMask | Should -BeTrue
        $result.Metadata.MaskBlur | Should -Be 12
        $result.Metadata.MaskHash | Should -Be $original.MaskHash
        Get-PixelHash $result.Again | Should -Be (Get-PixelHash $original)
        $result.Again.InvertMask | Should -BeTrue
        $result.Warnings | Should -BeNullOrEmpty
    }

    It 'repeats a render whose -Mask was an imported image object, reading its file again' {
        $original = Invoke-Img2Img -InitImage $plain -Mask (Import-Image $maskFile) -MaskBlur 3 @inpaint

        $result = Save-AndReRender $original $plain 'inpainted-imported-mask.png'

        $result.Metadata.MaskPath | Should -Be $maskFile
        Get-PixelHash $result.Again | Should -Be (Get-PixelHash $original)
        $result.Warnings | Should -BeNullOrEmpty
    }

    It 'records no file for a -Mask image object whose pixels are not its file''s' {
        $resized = Resize-InitImage $maskFile -Width 64 -Height 64 -WarningAction SilentlyContinue
        $resized.SourcePath | Should -Be $maskFile

        (Invoke-Img2Img -InitImage $plain -Mask $resized @inpaint -WarningAction SilentlyContinue).MaskPath | Should -BeNullOrEmpty
    }

    It 'lets -InvertMask and -MaskBlur given on the command line win over the record' {
        $original = Invoke-Img2Img -InitImage $plain -Mask $maskFile -InvertMask -MaskBlur 12 @inpaint
        $metadata = Get-ImageMetadata ($original | Save-Image -Path (Join-Path $TestDrive 'inpainted-override.png') -PassThru).FullName

        $changed = Invoke-Img2Img -Metadata $metadata -InitImage $plain -InvertMask:$false -MaskBlur 0 -WarningVariable warnings -WarningAction SilentlyContinue

        $changed.InvertMask | Should -BeFalse
        $changed.MaskBlur | Should -Be 0
        $changed.MaskPath | Should -Be $maskFile
        # Not inverted, the mask is another one: said, since the pixels cannot be the recorded ones.
        "$warnings" | Should -Match 'the mask is not the recorded one'
    }

    It 'warns, naming what differs, when the init image has lost the transparency the recorded render inpainted' {
        $original = Invoke-Img2Img -InitImage $holed @inpaint

        $result = Save-AndReRender $original $plain 'inpainted-then-plain.png'

        $result.Again.Inpainted | Should -BeFalse
        $result.Warnings.Count | Should -Be 1
        "$($result.Warnings)" | Should -Match 'does not repeat the one recorded in .*inpainted-then-plain\.png'
        "$($result.Warnings)" | Should -Match 'the init image is not the recorded one'
        "$($result.Warnings)" | Should -Match 'inpainted the init image''s transparent pixels, this one had none'
    }

    It 'warns when the recorded mask file is gone, and again when the render then differs' {
        $gone = Join-Path $TestDrive 'gone-mask.png'
        Copy-Item $maskFile $gone
        $original = Invoke-Img2Img -InitImage $plain -Mask $gone @inpaint
        $metadata = Get-ImageMetadata ($original | Save-Image -Path (Join-Path $TestDrive 'inpainted-gone.png') -PassThru).FullName
        Remove-Item $gone

        $again = Invoke-Img2Img -Metadata $metadata -InitImage $plain -WarningVariable warnings -WarningAction SilentlyContinue

        $again.Inpainted | Should -BeFalse
        $warnings[0] | Should -BeLike "*mask '$gone' no longer exists: give -Mask*"
        "$($warnings[1])" | Should -Match 'inpainted with a -Mask, this one had no mask'
    }

    It 'warns when the render runs on another model than the recorded one' {
        $copy = Join-Path $TestDrive 'demo-copy'
        Copy-Item -Recurse $render.Model $copy

        $again = Invoke-Img2Img -Metadata (Get-ImageMetadata $saved.FullName) -InitImage $init -Model $copy -WarningVariable warnings -WarningAction SilentlyContinue

        "$warnings" | Should -BeLike "*the model is '$copy', the record's was '$($render.Model)'*"
        # A byte-for-byte copy gives the very same pixels, so the warning can only say they may differ.
        Get-PixelHash $again | Should -Be (Get-PixelHash $render)
        "$warnings" | Should -Match 'so its pixels may differ from it'
    }

    It 'warns once per kind of difference when a folder of sketches re-renders one record' {
        $folder = Join-Path $TestDrive 'other-sketches'
        New-Item -ItemType Directory $folder | Out-Null
        foreach ($name in 'a', 'b', 'c') {
            New-TestPng -Path (Join-Path $folder "$name.png") -Width 64 -Height 64 -From ([byte][char]$name), 90, 30 -To 30, 90, 200 | Out-Null
        }
        $copy = Join-Path $TestDrive 'demo-copy-batch'
        Copy-Item -Recurse $render.Model $copy

        $images = @(Get-ChildItem (Join-Path $folder '*.png') | Invoke-Img2Img -Metadata (Get-ImageMetadata $saved.FullName) -Model $copy `
                -WarningVariable warnings -WarningAction SilentlyContinue)

        $images.Count | Should -Be 3
        $warnings.Count | Should -Be 1
        "$warnings" | Should -Match 'the init image is not the recorded one'
        "$warnings" | Should -Match 'the model is'
    }
}

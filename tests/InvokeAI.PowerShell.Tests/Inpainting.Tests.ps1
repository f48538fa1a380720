BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    # 128×128 warm gradients; the hole (and the mask's white square) is the 64×64 square in the middle.
    $script:hole = @(32, 32, 64, 64)
    $warm = @{ Width = 128; Height = 128; From = 220, 60, 40; To = 240, 200, 40 }
    $script:plain = (New-TestPng -Path (Join-Path $TestDrive 'plain.png') @warm).FullName
    $script:holed = (New-TestPng -Path (Join-Path $TestDrive 'holed.png') @warm -Rect $hole).FullName
    $script:emptyHole = (New-TestPng -Path (Join-Path $TestDrive 'empty-hole.png') @warm -Rect $hole -RectColour 0, 0, 0).FullName
    $script:mask = (New-TestPng -Path (Join-Path $TestDrive 'mask.png') -Width 128 -Height 128 -From 0, 0, 0 -To 0, 0, 0 `
            -Rect $hole -RectAlpha 255 -RectColour 255, 255, 255).FullName
    $script:render = @{ Prompt = 'blue'; Strength = 1.0; Steps = 6; Seed = 1 }

    function Get-ChangedPixels {
        <# How many pixels' RGB differ between an image object and a file, inside and outside the hole. #>
        param($Image, [string] $Reference)
        $a = $Image.Pixels.Pixels
        $b = [InvokeAI.Core.Imaging.ImageFile]::Load($Reference).Pixels
        $inside = 0; $outside = 0
        for ($p = 0; $p -lt $a.Length / 4; $p++) {
            $i = 4 * $p
            if ($a[$i] -eq $b[$i] -and $a[$i + 1] -eq $b[$i + 1] -and $a[$i + 2] -eq $b[$i + 2]) { continue }
            $x = $p % 128; $y = [math]::Floor($p / 128)
            if ($x -ge 32 -and $x -lt 96 -and $y -ge 32 -and $y -lt 96) { $inside++ } else { $outside++ }
        }
        [pscustomobject]@{ Inside = $inside; Outside = $outside }
    }
}

Describe 'Inpainting' {
    It 'redraws only the transparent hole: every pixel outside it is the init image''s' {
        $image = Invoke-Img2Img -InitImage $holed @render

        $changed = Get-ChangedPixels $image $holed
        $changed.Outside | Should -Be 0
        $changed.Inside | Should -BeGreaterThan 1000
        $image.Inpainted | Should -BeTrue
        $image.MaskHash | Should -Match '^[0-9a-f]{64}$'
        $image.InitImageHash | Should -Match '^[0-9a-f]{64}$'
        $image.Pixels.HasTransparency() | Should -BeFalse
    }

    It 'does not inpaint an opaque image, but records its hash' {
        $image = Invoke-Img2Img -InitImage $plain @render

        $image.Inpainted | Should -BeFalse
        $image.MaskHash | Should -BeNullOrEmpty
        $image.InitImageHash | Should -Match '^[0-9a-f]{64}$'
    }

    It '-Mask redraws the white part of a mask file, resolved against the PowerShell location' {
        Push-Location $TestDrive
        try { $image = Invoke-Img2Img -InitImage $plain -Mask ./mask.png @render }
        finally { Pop-Location }

        $changed = Get-ChangedPixels $image $plain
        $changed.Outside | Should -Be 0
        $changed.Inside | Should -BeGreaterThan 1000
        $image.Inpainted | Should -BeTrue
    }

    It '-Mask takes a FileInfo or an image object too' {
        $fromFile = Invoke-Img2Img -InitImage $plain -Mask (Get-Item $mask) @render
        $fromObject = Invoke-Img2Img -InitImage $plain -Mask (Import-Image $mask) @render

        $fromObject.MaskHash | Should -Be $fromFile.MaskHash
        (Get-ChangedPixels $fromObject $plain).Outside | Should -Be 0
    }

    It '-InvertMask keeps the white part and redraws the rest' {
        $image = Invoke-Img2Img -InitImage $plain -Mask $mask -InvertMask @render

        $changed = Get-ChangedPixels $image $plain
        $changed.Inside | Should -Be 0
        $changed.Outside | Should -BeGreaterThan 1000
    }

    It '-MaskBlur changes only pixels inside the hole' {
        $hard = Invoke-Img2Img -InitImage $holed -MaskBlur 0 @render
        $soft = Invoke-Img2Img -InitImage $holed -MaskBlur 16 @render

        (Get-ChangedPixels $hard $holed).Outside | Should -Be 0
        (Get-ChangedPixels $soft $holed).Outside | Should -Be 0
        [Linq.Enumerable]::SequenceEqual($hard.Pixels.Pixels, $soft.Pixels.Pixels) | Should -BeFalse
    }

    It 'warns when the transparent region has no colour underneath' {
        Invoke-Img2Img -InitImage $emptyHole @render -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null

        $warnings | Should -Match 'no colour underneath'
    }

    It 'Get-LatentSteps takes the same mask parameters' {
        $steps = @(Get-LatentSteps -InitImage $plain -Mask $mask -MaskBlur 2 @render)

        $output = $steps[-1]
        $output.Inpainted | Should -BeTrue
        (Get-ChangedPixels $output $plain).Outside | Should -Be 0
    }

    It 'stops with MaskNotFound, naming the file, when the mask does not exist' {
        $missing = Join-Path $TestDrive 'no-such-mask.png'

        $failure = { Invoke-Img2Img -InitImage $plain -Mask $missing @render } |
            Should -Throw -ErrorId 'MaskNotFound,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand' -PassThru
        $failure.TargetObject | Should -Be $missing
    }

    It 'stops with MaskUnreadable, naming the file, when the mask is not an image' {
        $bad = Join-Path $TestDrive 'not-an-image.png'
        Set-Content -Path $bad -Value 'this is text'

        $failure = { Invoke-Img2Img -InitImage $plain -Mask $bad @render } |
            Should -Throw -ErrorId 'MaskUnreadable,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand' -PassThru
        $failure.TargetObject | Should -Be $bad
        $failure.Exception.Message | Should -BeLike "*$bad*"
    }

    It 'takes a mask whose name has brackets, and refuses a wildcard that matches several files (MaskPathInvalid)' {
        $bracketed = Join-Path $TestDrive 'mask[1].png'
        Copy-Item -LiteralPath $mask -Destination $bracketed

        (Invoke-Img2Img -InitImage $plain -Mask $bracketed @render).Inpainted | Should -BeTrue
        { Invoke-Img2Img -InitImage $plain -Mask (Join-Path $TestDrive 'mask*.png') @render } |
            Should -Throw -ErrorId 'MaskPathInvalid,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
    }

    It 'refuses a -MaskBlur outside 0..64' {
        { Invoke-Img2Img -InitImage $plain -MaskBlur 65 @render } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
    }
}

Describe 'Inpainting models whose UNet does not declare its channels' {
    # Real exports name the UNet's channel axis ("channels", "num_channels") instead of saying 9; the demo's variants
    # lay their folders out as each exporter does.
    BeforeAll {
        # The module's own demo model builder, loaded with the module (its type name resolves once it is imported).
        function New-DemoVariant([string] $Channels) {
            $folder = Join-Path $TestDrive "inpainting-$Channels"
            [InvokeAI.DemoModel.DemoModelBuilder]::Build($folder, [InvokeAI.DemoModel.DemoModelOptions]@{ Inpainting = $true; Channels = $Channels })
            $folder
        }
        $script:declared = Invoke-Img2Img -InitImage $holed -Model (New-DemoVariant 'InputShape') @render
    }

    It 'inpaints as a UNet that declares 9 channels does, exported as <Exporter> exports it' -ForEach @(
        @{ Exporter = 'optimum'; Channels = 'UnetConfig' }
        @{ Exporter = 'diffusers'' convert script'; Channels = 'FirstConvolution' }
        @{ Exporter = 'the hub''s onnx branches'; Channels = 'PipelineClass' }
    ) {
        $image = Invoke-Img2Img -InitImage $holed -Model (New-DemoVariant $Channels) @render

        [Linq.Enumerable]::SequenceEqual($image.Pixels.Pixels, $declared.Pixels.Pixels) | Should -BeTrue
        (Get-ChangedPixels $image $holed).Outside | Should -Be 0
    }

    It 'fails with ModelRunFailed naming unet/config.json when nothing tells, and renders once that file says 9' {
        $model = New-DemoVariant 'Nothing'
        $config = Join-Path $model 'unet' 'config.json'

        Invoke-Img2Img -InitImage $holed -Model $model @render -ErrorVariable problems -ErrorAction SilentlyContinue | Out-Null

        $problems.Count | Should -Be 1
        ($problems[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'ModelRunFailed'
        $problems[0].TargetObject | Should -Be (Join-Path $model 'unet' 'model.onnx')
        $problems[0].Exception.Message | Should -BeLike "*4 were assumed. If it is an inpainting UNet, write {`"in_channels`": 9}*'$config'*"

        Set-Content -LiteralPath $config -Value '{"in_channels": 9}'
        Get-DiffusionSession | Where-Object Model -EQ $model | Close-DiffusionSession
        $image = Invoke-Img2Img -InitImage $holed -Model $model @render
        [Linq.Enumerable]::SequenceEqual($image.Pixels.Pixels, $declared.Pixels.Pixels) | Should -BeTrue
    }
}

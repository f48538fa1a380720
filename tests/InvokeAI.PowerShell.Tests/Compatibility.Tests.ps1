# -Compatibility InvokeAI2: InvokeAI 2.x's k_ sampler img2img (the seed's second draw, Karras below 30 steps), chosen
# by hand or by the record of an image InvokeAI 2.x made, and repeated from the module's own record.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:init = New-TestPng -Path (Join-Path $TestDrive 'sketch.png') -Width 64 -Height 64

    function Get-PixelHash($Image) {
        [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([byte[]]$Image.Pixels.Pixels))
    }

    $script:settings = @{ Prompt = 'fire'; Steps = 10; Strength = 0.6; Seed = 42; Sampler = 'k_euler' }
    $script:module = Invoke-Img2Img @settings -InitImage $init
    $script:invokeAI2 = Invoke-Img2Img @settings -InitImage $init -Compatibility InvokeAI2
}

Describe 'Invoke-Img2Img -Compatibility' {
    It 'renders as InvokeAI 2.x did, unlike the module''s default, and records it' {
        $module.Compatibility | Should -Be 'Module'
        $module.Karras | Should -BeFalse
        $invokeAI2.Compatibility | Should -Be 'InvokeAI2'
        $invokeAI2.Karras | Should -BeTrue -Because 'InvokeAI 2.x spaced schedules under 30 steps the Karras way'
        Get-PixelHash $invokeAI2 | Should -Not -Be (Get-PixelHash $module)
    }

    It 'is repeated pixel for pixel by -Metadata of the saved image' {
        $saved = $invokeAI2 | Save-Image -Path (Join-Path $TestDrive 'invokeai2.png') -PassThru
        $metadata = Get-ImageMetadata $saved.FullName
        $metadata.Compatibility | Should -Be 'InvokeAI2'
        $again = Invoke-Img2Img -Metadata $metadata -InitImage $init
        $again.Compatibility | Should -Be 'InvokeAI2'
        Get-PixelHash $again | Should -Be (Get-PixelHash $invokeAI2)
    }

    It 'leaves ddim''s noise as it was, and truncates the pixels as InvokeAI 2.x did' {
        # InvokeAI 2.x's ddim drew like the module; its 8-bit conversion truncated where the module rounds, so each
        # channel is the module's or one less, and some are less.
        $ddim = @{ Prompt = 'fire'; Steps = 10; Strength = 0.6; Seed = 42; Sampler = 'ddim'; InitImage = $init }
        $truncated = (Invoke-Img2Img @ddim -Compatibility InvokeAI2).Pixels.Pixels
        $rounded = (Invoke-Img2Img @ddim).Pixels.Pixels
        $differences = [Collections.Generic.HashSet[int]]::new()
        for ($i = 0; $i -lt $rounded.Length; $i++) { $null = $differences.Add($rounded[$i] - $truncated[$i]) }
        @($differences | Sort-Object) | Should -Be @(0, 1)
    }

    It 'is taken from an image InvokeAI 2.2.5 made, unless given' {
        $json = '{"model":"stable diffusion","model_id":"stable-diffusion-1.5","app_id":"invoke-ai/InvokeAI","app_version":"2.2.5",' +
            '"image":{"type":"img2img","prompt":[{"prompt":"fire","weight":1.0}],"seed":42,"variations":[],' +
            '"steps":10,"cfg_scale":7.5,"width":64,"height":64,"sampler":"k_euler","strength_steps":0.6}}'
        $file = New-TestPng -Path (Join-Path $TestDrive 'invokeai.png') -Text @{ 'sd-metadata' = $json; 'Dream' = '"fire" -s 10 -S 42 -A k_euler -f 0.6' }
        $metadata = Get-ImageMetadata $file.FullName
        $metadata.Compatibility | Should -Be 'InvokeAI2'

        $fromRecord = Invoke-Img2Img -Metadata $metadata -InitImage $init
        $fromRecord.Compatibility | Should -Be 'InvokeAI2'
        Get-PixelHash $fromRecord | Should -Be (Get-PixelHash $invokeAI2)
        (Invoke-Img2Img -Metadata $metadata -InitImage $init -Compatibility Module).Compatibility | Should -Be 'Module'
    }

    It 'is a parameter of Get-LatentSteps too' {
        $steps = @(Get-LatentSteps @settings -InitImage $init -Compatibility InvokeAI2)
        $steps.Count | Should -BeGreaterThan 0
    }
}

# Every model family through the cmdlets, on the real-architecture exports in tests/fixtures: the torch references
# rendered by Invoke-Img2Img within 2 grey levels, Get-LatentSteps ending on the same image, and what each family
# does with only a prompt and an image.
BeforeDiscovery {
    $repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:referenceCases = foreach ($case in @(
            @{ Model = 'tiny-sd-lp'; Set = 'tiny-sd'; Name = 'lms-s06' }
            @{ Model = 'tiny-sd'; Set = 'tiny-sd'; Name = 'euler-karras-s075' }
            @{ Model = 'tiny-sd-fp16'; Set = 'tiny-sd-fp16'; Name = 'fp16-euler-s07' }
            @{ Model = 'tiny-sd2-v'; Set = 'tiny-sd2-v'; Name = 'ddim-s06' }
            @{ Model = 'tiny-sdxl'; Set = 'tiny-sdxl'; Name = 'sdxl-lms-negative' }
            @{ Model = 'tiny-sdxl-turbo'; Set = 'tiny-sdxl-turbo'; Name = 'turbo-4x0.5-two-steps' }
            @{ Model = 'tiny-lcm'; Set = 'tiny-lcm'; Name = 'lcm-6steps-s07'; VaeSample = $true }
        )) { $case + @{ Repo = $repo } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:fixtures = Join-Path $PSScriptRoot '../fixtures'

    # The render settings a reference JSON states, as Invoke-Img2Img parameters.
    function Get-ReferenceParameters([string] $Set, [string] $Name) {
        $folder = Join-Path $fixtures "references/$Set"
        $json = Get-Content -Raw (Join-Path $folder "$Name.json") | ConvertFrom-Json
        $parameters = @{
            Prompt = $json.prompt; NegativePrompt = [string]$json.negative_prompt; Seed = $json.seed; Steps = $json.steps
            Strength = $json.strength; CfgScale = $json.cfg_scale; Sampler = $json.sampler; NoiseSource = 'Cpu'
            InitImage = Join-Path $folder $json.init_image
        }
        if ($json.karras) { $parameters.Karras = $true }
        $reference = $json.reference_image ?? $json.expected_image ?? $json.reference_png
        @{ Parameters = $parameters; Reference = Join-Path $folder $reference }
    }

    # The largest difference of any colour channel of any pixel, in grey levels.
    function Get-LargestDifference($Image, [string] $ReferencePath) {
        $actual = $Image.Pixels.Pixels
        $expected = (Import-Image -LiteralPath $ReferencePath).Pixels.Pixels
        $actual.Length | Should -Be $expected.Length
        $largest = 0
        for ($i = 0; $i -lt $actual.Length; $i++) {
            if ($i % 4 -eq 3) { continue }
            $difference = [Math]::Abs([int]$actual[$i] - [int]$expected[$i])
            if ($difference -gt $largest) { $largest = $difference }
        }
        $largest
    }

    function Get-PixelHash($Image) {
        [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([byte[]]$Image.Pixels.Pixels))
    }
}

AfterAll {
    Get-DiffusionSession | Where-Object Model -Like '*fixtures*' | Close-DiffusionSession
}

Describe 'Model families' {
    It '<Model> renders the torch reference <Name> within 2 grey levels, and Get-LatentSteps ends on that image' -ForEach $referenceCases {
        $case = Get-ReferenceParameters $Set $Name
        $model = Join-Path $fixtures "models/$Model"
        $parameters = $case.Parameters
        if ($VaeSample) { $parameters.VaeSample = $true }

        $image = Invoke-Img2Img @parameters -Model $model
        Get-LargestDifference $image $case.Reference | Should -BeLessOrEqual 2

        $steps = Get-LatentSteps @parameters -Model $model
        Get-PixelHash $steps[-1] | Should -Be (Get-PixelHash $image)
    }

    It 'renders SDXL-Turbo from a prompt and an image alone, with Turbo''s own settings' {
        $turbo = Invoke-Img2Img 'a castle on a hill' -InitImage (Join-Path $fixtures 'references/tiny-sdxl-turbo/init-128x128.png') `
            -Model (Join-Path $fixtures 'models/tiny-sdxl-turbo') -Seed 3
        $turbo.Sampler | Should -Be 'k_euler_a'
        $turbo.Steps | Should -Be 4
        $turbo.CfgScale | Should -Be 0
        $turbo.StepsTaken | Should -Be 2
    }

    It 'renders an LCM folder with the lcm sampler and its step count unless told otherwise' {
        $lcm = @{ InitImage = Join-Path $fixtures 'references/tiny-lcm/init0.png'; Model = Join-Path $fixtures 'models/tiny-lcm'; Seed = 3 }
        $default = Invoke-Img2Img 'a lighthouse' @lcm
        $default.Sampler | Should -Be 'lcm'
        $default.StepsTaken | Should -Be 4 -Because 'LCM runs every step of its schedule whatever the strength'
        (Invoke-Img2Img 'a lighthouse' @lcm -Sampler k_euler -Steps 10).Sampler | Should -Be 'k_euler'
    }

    It 'refuses a Turbo render that would take no step, naming -Steps' {
        $turbo = @{ InitImage = Join-Path $fixtures 'references/tiny-sdxl-turbo/init-128x128.png'; Model = Join-Path $fixtures 'models/tiny-sdxl-turbo' }
        { Invoke-Img2Img 'a castle' @turbo -Steps 1 -Strength 0.5 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidParameterCombination,*'
    }

    It 'conditions SDXL on -OriginalSize and -CropTopLeft, records them, and repeats them from the record' {
        $xl = @{ InitImage = Join-Path $fixtures 'references/tiny-sdxl/init-128x128.png'; Model = Join-Path $fixtures 'models/tiny-sdxl'; Seed = 5; Steps = 6; Sampler = 'k_euler' }
        $plain = Invoke-Img2Img 'a barn' @xl
        $conditioned = Invoke-Img2Img 'a barn' @xl -OriginalSize 512x384 -CropTopLeft 16,8
        $conditioned.OriginalSize.ToString() | Should -Be '512x384'
        $conditioned.CropTopLeft.ToString() | Should -Be '16,8'
        Get-PixelHash $conditioned | Should -Not -Be (Get-PixelHash $plain)

        $saved = $conditioned | Save-Image -Path (Join-Path $TestDrive 'conditioned.png') -PassThru
        $again = Invoke-Img2Img -Metadata (Get-ImageMetadata $saved.FullName) -InitImage $xl.InitImage -Model $xl.Model
        Get-PixelHash $again | Should -Be (Get-PixelHash $conditioned)
    }

    It 'renders a convert-script folder (the VAE samples in its graph) the same twice, and -VaeSample from the seed' {
        $sd = @{ InitImage = Join-Path $fixtures 'references/tiny-sd/lms-s06.init.png'; Model = Join-Path $fixtures 'models/tiny-sd'; Seed = 11; Steps = 8 }
        Get-PixelHash (Invoke-Img2Img 'a house' @sd) | Should -Be (Get-PixelHash (Invoke-Img2Img 'a house' @sd))
        $sampled = Invoke-Img2Img 'a house' @sd -VaeSample
        $sampled.VaeSample | Should -BeTrue
        Get-PixelHash (Invoke-Img2Img 'a house' @sd -VaeSample) | Should -Be (Get-PixelHash $sampled)
        Get-PixelHash $sampled | Should -Not -Be (Get-PixelHash (Invoke-Img2Img 'a house' @sd))
    }

    It 'renders the same image with -LowMemory, which gives the working memory back after the render' {
        $case = Get-ReferenceParameters 'tiny-sdxl' 'sdxl-lms-negative'
        $parameters = $case.Parameters
        $model = Join-Path $fixtures 'models/tiny-sdxl'
        $usual = Invoke-Img2Img @parameters -Model $model
        $low = Invoke-Img2Img @parameters -Model $model -LowMemory
        Get-LargestDifference $low $case.Reference | Should -BeLessOrEqual 2
        Get-PixelHash $low | Should -Be (Get-PixelHash $usual)
    }

    It 'rejects an -OriginalSize that is not a size, naming the parameter' {
        { Invoke-Img2Img 'x' -InitImage (Join-Path $fixtures 'references/tiny-sdxl/init-128x128.png') -OriginalSize 'big' -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,*'
    }
}

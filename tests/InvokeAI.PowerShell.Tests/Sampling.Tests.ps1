BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:init = New-TestPng -Path (Join-Path $TestDrive 'init.png') -Width 64 -Height 64
}

Describe 'Invoke-Img2Img -Sampler' {
    It 'renders with <Name>' -ForEach @(
        @{ Name = 'k_lms' }, @{ Name = 'ddim' }, @{ Name = 'plms' }, @{ Name = 'k_euler' }, @{ Name = 'k_euler_a' },
        @{ Name = 'k_heun' }, @{ Name = 'k_dpm_2' }, @{ Name = 'k_dpm_2_a' }, @{ Name = 'k_dpmpp_2m' }
    ) {
        $image = Invoke-Img2Img 'fire' $init -Sampler $Name -Steps 10 -Strength 0.5 -Seed 3
        $image.Sampler | Should -Be $Name
        $image.StepsTaken | Should -Be 5
    }

    It 'renders with lcm, which runs every step: the strength picks its timesteps instead' {
        $image = Invoke-Img2Img 'fire' $init -Sampler lcm -Steps 4 -Strength 0.5 -Seed 3
        $image.Sampler | Should -Be 'lcm'
        $image.StepsTaken | Should -Be 4
    }

    It 'accepts PascalCase aliases in any case' {
        (Invoke-Img2Img 'fire' $init -Sampler EulerAncestral -Steps 4 -Strength 0.5).Sampler | Should -Be 'k_euler_a'
        (Invoke-Img2Img 'fire' $init -Sampler K_LMS -Steps 4 -Strength 0.5).Sampler | Should -Be 'k_lms'
    }

    It 'tab-completes sampler names' {
        $line = 'Invoke-Img2Img -Sampler k_e'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Contain 'k_euler'
        $completions | Should -Contain 'k_euler_a'
        $completions | Should -Not -Contain 'ddim'
    }

    It 'offers each sampler name once, whatever its case' {
        $line = 'Invoke-Img2Img -Sampler '
        $completions = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
        # -ccontains: Should -Contain ignores case, and case is the point here.
        $completions -ccontains 'ddim' | Should -BeTrue
        $completions -ccontains 'Pndm' | Should -BeTrue
        $completions -ccontains 'Ddim' | Should -BeFalse -Because 'names match in any case, so Ddim is ddim again'
        $completions -ccontains 'Plms' | Should -BeFalse
        $duplicates = @($completions | Group-Object { $_.ToLowerInvariant() } | Where-Object Count -gt 1 | ForEach-Object Name)
        $duplicates | Should -BeNullOrEmpty
        $completions[0..8] | Should -Be @('k_lms', 'ddim', 'plms', 'k_euler', 'k_euler_a', 'k_heun', 'k_dpm_2', 'k_dpm_2_a', 'k_dpmpp_2m')
    }

    It 'rejects an unknown sampler, naming the known ones' {
        { Invoke-Img2Img 'fire' $init -Sampler 'k_magic' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand' -ExpectedMessage '*k_lms*'
    }

    It 'refuses <Arguments> before rendering' -ForEach @(
        @{ Arguments = '-Sampler ddim -Karras'; Splat = @{ Sampler = 'ddim'; Karras = $true } }
        @{ Arguments = '-Sampler k_lms -Eta 0.5'; Splat = @{ Sampler = 'k_lms'; Eta = 0.5 } }
        @{ Arguments = '-Steps 10 -DenoiseSteps 5'; Splat = @{ Steps = 10; DenoiseSteps = 5 } }
        @{ Arguments = '-Steps 1 -Strength 0.5'; Splat = @{ Steps = 1; Strength = 0.5 } }
        @{ Arguments = '-DenoiseSteps 600 -Strength 0.5'; Splat = @{ DenoiseSteps = 600; Strength = 0.5 } }
    ) {
        { Invoke-Img2Img 'fire' $init @Splat } | Should -Throw -ErrorId 'InvalidParameterCombination,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
    }

    It 'chooses the total steps from -DenoiseSteps, as the img2img guide compensates' {
        $image = Invoke-Img2Img 'fire' $init -DenoiseSteps 20 -Strength 0.4
        $image.Steps | Should -Be 50
        $image.StepsTaken | Should -Be 20
        (Invoke-Img2Img 'fire' $init -DenoiseSteps 20 -Strength 0.7).Steps | Should -Be 29
    }

    It 'records Karras, Eta and the noise source' {
        $image = Invoke-Img2Img 'fire' $init -Sampler k_euler -Karras -NoiseSource Cuda -Steps 4 -Strength 0.5
        $image.Karras | Should -BeTrue
        $image.NoiseSource | Should -Be 'Cuda'
        (Invoke-Img2Img 'fire' $init -Sampler ddim -Eta 0.5 -Steps 4 -Strength 0.5).Eta | Should -Be 0.5
    }
}

Describe 'New-LatentNoise' {
    It 'draws what torch.manual_seed(42); torch.randn(1, 4, 64, 64) draws' {
        $noise = New-LatentNoise -Seed 42
        $noise.Shape | Should -Be @(1, 4, 64, 64)
        $noise.Data.Length | Should -Be 16384
        $expected = 1.9269, 1.4873, 0.9007, -2.1055, 0.6784, -1.2345, -0.0431, -1.6047
        for ($i = 0; $i -lt $expected.Count; $i++) { $noise.Data[$i] | Should -BeGreaterOrEqual ($expected[$i] - 1e-4); $noise.Data[$i] | Should -BeLessOrEqual ($expected[$i] + 1e-4) }
    }

    It 'draws A1111''s CUDA-style noise with -NoiseSource Cuda' {
        $noise = New-LatentNoise 0 -Width 64 -Height 64 -NoiseSource Cuda
        $expected = -0.9247, -0.4253, -2.6438, 0.1452
        for ($i = 0; $i -lt $expected.Count; $i++) { [math]::Abs($noise.Data[$i] - $expected[$i]) | Should -BeLessThan 1e-4 }
    }

    It 'takes seeds from the pipeline and sizes in pixels' {
        $all = 1, 2 | New-LatentNoise -Width 128 -Height 64 -Channels 4
        $all.Count | Should -Be 2
        $all[1].Shape | Should -Be @(1, 4, 8, 16)
        $all[1].Seed | Should -Be 2
    }

    It 'refuses a size that is not a multiple of 8' {
        { New-LatentNoise 1 -Width 500 } | Should -Throw -ErrorId 'SizeNotMultipleOf8,InvokeAI.PowerShell.Commands.NewLatentNoiseCommand'
    }

    It 'takes the seed of a rendered image by property name' {
        $image = Invoke-Img2Img 'fire' $init -Strength 0 -Seed 9
        ($image | New-LatentNoise -Width $image.Width -Height $image.Height).Seed | Should -Be 9
    }
}

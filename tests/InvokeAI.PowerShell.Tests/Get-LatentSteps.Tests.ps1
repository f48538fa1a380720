BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:sketch = New-TestPng -Path (Join-Path $TestDrive 'sketch.png') -Width 128 -Height 64
    # The img2img guide's example, on a small sketch: 10 steps at strength 0.7 take 7.
    $script:steps = @(Get-LatentSteps 'fire' $sketch -Strength 0.7 -Steps 10 -Seed 1592514025)
}

Describe 'Get-LatentSteps' {
    It 'writes step 0, steps 1 to 7 and the output for 10 steps at strength 0.7' {
        $steps.Count | Should -Be 9
        $steps | ForEach-Object { $_ | Should -BeOfType ([InvokeAI.Core.Pipelines.DiffusionImage]) }
        $steps[0..7].Step | Should -Be (0..7)
        $steps[8].Step | Should -BeNullOrEmpty
    }

    It 'gives every image the render''s parameters' {
        $steps | ForEach-Object {
            $_.Seed | Should -Be 1592514025
            $_.Strength | Should -Be 0.7
            $_.Steps | Should -Be 10
            $_.StepsTaken | Should -Be 7
            $_.Prompt | Should -Be 'fire'
            $_.SourcePath | Should -Be $sketch.FullName
        }
    }

    It 'gives each step the noise level it started from, falling to the last level' {
        $steps[0].Sigma | Should -Be $steps[1].Sigma
        for ($k = 2; $k -le 7; $k++) { $steps[$k].Sigma | Should -BeLessThan $steps[$k - 1].Sigma }
        $steps[0].Sigma | Should -BeGreaterThan 2.9
        $steps[0].Sigma | Should -BeLessThan 3.0
        $steps[8].Sigma | Should -BeNullOrEmpty
    }

    It 'previews -Preview Approx on the latent grid (1/8 size) and ends with the render-sized output' {
        $steps[0..7] | ForEach-Object { "$($_.Width)x$($_.Height)" | Should -Be '16x8' }
        "$($steps[8].Width)x$($steps[8].Height)" | Should -Be '128x64'
    }

    It 'previews -Preview Vae at the render''s size' {
        $vae = @(Get-LatentSteps 'fire' $sketch -Strength 0.5 -Steps 4 -Seed 3 -Preview Vae)
        $vae.Count | Should -Be 4
        $vae | ForEach-Object { "$($_.Width)x$($_.Height)" | Should -Be '128x64' }
    }

    It 'ends with the very image Invoke-Img2Img renders from the same parameters' {
        $render = Invoke-Img2Img 'fire' $sketch -Strength 0.7 -Steps 10 -Seed 1592514025
        [Linq.Enumerable]::SequenceEqual($render.Pixels.Pixels, $steps[8].Pixels.Pixels) | Should -BeTrue
    }

    It 'takes the render parameters of Invoke-Img2Img' {
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        $mine = (Get-Command Get-LatentSteps).Parameters.Keys | Where-Object { $_ -notin $common -and $_ -ne 'Preview' }
        # Iterations and the spreading over sessions are Invoke-Img2Img's own: a step preview is one render's.
        $theirs = (Get-Command Invoke-Img2Img).Parameters.Keys | Where-Object { $_ -notin $common -and $_ -notin 'Iterations', 'ThrottleLimit', 'Unordered' }
        @($mine | Sort-Object) | Should -Be @($theirs | Sort-Object)
        $euler = @(Get-LatentSteps 'fire' $sketch -Strength 0.5 -Steps 4 -Sampler Euler -Seed 1)
        $euler.Sampler | Select-Object -Unique | Should -Be 'k_euler'
    }

    It 'refuses -Steps with -DenoiseSteps, as Invoke-Img2Img does' {
        { Get-LatentSteps 'fire' $sketch -Steps 10 -DenoiseSteps 5 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidParameterCombination,InvokeAI.PowerShell.Commands.GetLatentStepsCommand'
    }

    It 'writes a non-terminating InitImageNotFound for a missing file and goes on with the others' {
        $out = @(Get-LatentSteps 'fire' (Join-Path $TestDrive 'missing.png'), $sketch -Strength 0.5 -Steps 2 -ErrorVariable problems -ErrorAction SilentlyContinue)
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InitImageNotFound*'
        $out.Count | Should -Be 3
    }

    It 'shows a batch bar over several init images, with each render''s steps as its child' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:INVOKEAI_TEST_MODULE).AddStatement()
            $null = $ps.AddCommand('Get-LatentSteps').AddParameter('Prompt', 'fire').AddParameter('InitImage', @($sketch.FullName, $sketch.FullName)).
                AddParameter('Steps', 4).AddParameter('Strength', 0.5)
            $null = $ps.Invoke()
            $batch = @($ps.Streams.Progress | Where-Object { $_.ActivityId -eq 1 })
            $batch.Activity | Sort-Object -Unique | Should -Be 'Get-LatentSteps'
            @($batch | Where-Object RecordType -eq 'Processing').StatusDescription | Should -Be @('Image 1 (0 rendered)', 'Image 2 (1 rendered)')
            $batch[-1].RecordType | Should -Be 'Completed'
            $steps = @($ps.Streams.Progress | Where-Object { $_.ActivityId -eq 2 })
            $steps.ParentActivityId | Sort-Object -Unique | Should -Be 1
            @($steps | Where-Object RecordType -eq 'Completed').Count | Should -Be 2
        }
        finally { $ps.Dispose() }
    }

    It 'closes the batch bar when no render succeeded' {
        $tiny = New-TestPng -Path (Join-Path $TestDrive 'tiny.png') -Width 32 -Height 32
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:INVOKEAI_TEST_MODULE).AddStatement()
            $null = $ps.AddCommand('Get-LatentSteps').AddParameter('Prompt', 'fire').AddParameter('InitImage', $tiny.FullName).
                AddParameter('Steps', 2).AddParameter('Strength', 0.5).AddParameter('ErrorAction', 'SilentlyContinue')
            $null = $ps.Invoke()
            $batch = @($ps.Streams.Progress | Where-Object { $_.ActivityId -eq 1 })
            $batch.StatusDescription | Should -Be @('Image 1 (0 rendered)', '0 rendered')
            $batch[-1].RecordType | Should -Be 'Completed'
        }
        finally { $ps.Dispose() }
    }

    It 'shows the steps as one table with the step first and the output last' {
        $table = $steps | Format-Table | Out-String -Width 200
        $table | Should -Match '^\s*Step\s+Sigma\s+Timestep'
        ($table -split "`n" | Where-Object { $_ -match '^\s*output\s' }).Count | Should -Be 1
    }

    It 'pipes into New-ImageGrid and Save-Image' {
        $file = Join-Path $TestDrive 'steps.png'
        $saved = $steps | New-ImageGrid -Columns 9 | Save-Image -Path $file -PassThru
        $saved.FullName | Should -Be $file
        $grid = Import-Image $file
        # Nine 128-wide cells (the previews enlarged to the output's size) with 4 pixels around each.
        $grid.Width | Should -Be (9 * 128 + 10 * 4)
    }
}

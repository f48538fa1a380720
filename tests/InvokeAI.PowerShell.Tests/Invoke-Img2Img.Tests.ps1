BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:sketches = Join-Path $TestDrive 'sketches'
    New-Item -ItemType Directory $sketches | Out-Null
    New-TestPng -Path (Join-Path $sketches 'a.png') -Width 128 -Height 128 | Out-Null
    New-TestPng -Path (Join-Path $sketches 'b.png') -Width 128 -Height 64 -From 20, 200, 20 -To 240, 240, 240 | Out-Null
    $script:one = Join-Path $sketches 'a.png'
}

Describe 'Invoke-Img2Img' {
    It 'renders one image per file piped from Get-ChildItem, with its parameters recorded' {
        $images = @(Get-ChildItem (Join-Path $sketches '*.png') | Invoke-Img2Img -Prompt 'fire' -Strength 0.5 -Steps 10 -Seed 7)
        $images.Count | Should -Be 2
        $images[0] | Should -BeOfType ([InvokeAI.Core.Pipelines.DiffusionImage])
        $images.SourcePath | Should -Be @((Join-Path $sketches 'a.png'), (Join-Path $sketches 'b.png'))
        $images[1].Width | Should -Be 128
        $images[1].Height | Should -Be 64
        $images[0].StepsTaken | Should -Be 5
        $images[0].Steps | Should -Be 10
        $images[0].Seed | Should -Be 7
        $images[0].Sampler | Should -Be 'k_lms'
        $images[0].Prompt | Should -Be 'fire'
        $images[0].CfgScale | Should -Be 7.5
        $images[0].Model | Should -Match 'demo'
    }

    It 'takes int(steps × strength) steps, as in the img2img guide (<steps> at <strength> take <taken>)' -ForEach @(
        @{ Steps = 10; Strength = 0.7; Taken = 7 }
        @{ Steps = 10; Strength = 0.4; Taken = 4 }
        @{ Steps = 50; Strength = 0.4; Taken = 20 }
        @{ Steps = 10; Strength = 0.0; Taken = 0 }
    ) {
        (Invoke-Img2Img 'fire' $one -Steps $Steps -Strength $Strength -Seed 1).StepsTaken | Should -Be $Taken
    }

    It 'binds FullName by property name and expands wildcards in paths' {
        @([pscustomobject]@{ FullName = $one } | Invoke-Img2Img -Prompt 'blue' -Steps 2 -Strength 0.5).Count | Should -Be 1
        @(Invoke-Img2Img 'blue' (Join-Path $sketches '?.png') -Steps 2 -Strength 0.5).Count | Should -Be 2
    }

    It 'resolves relative paths against the PowerShell location, not the process directory' {
        Push-Location $sketches
        try { (Invoke-Img2Img 'blue' './a.png' -Steps 2 -Strength 0.5).SourcePath | Should -Be $one }
        finally { Pop-Location }
    }

    It 'accepts an image object from another cmdlet as the init image' {
        $first = Invoke-Img2Img 'green' $one -Steps 4 -Strength 0.5 -Seed 3
        $second = $first | Invoke-Img2Img -Prompt 'green' -Steps 4 -Strength 0.5 -Seed 3
        $second.Width | Should -Be 128
        $second.SourcePath | Should -Be $one
    }

    It 'gives identical pixels for the same seed and different pixels for another seed' {
        $a = Invoke-Img2Img 'fire' $one -Steps 6 -Strength 0.8 -Seed 1234
        $b = Invoke-Img2Img 'fire' $one -Steps 6 -Strength 0.8 -Seed 1234
        $c = Invoke-Img2Img 'fire' $one -Steps 6 -Strength 0.8 -Seed 1235
        [Linq.Enumerable]::SequenceEqual($a.Pixels.Pixels, $b.Pixels.Pixels) | Should -BeTrue
        [Linq.Enumerable]::SequenceEqual($a.Pixels.Pixels, $c.Pixels.Pixels) | Should -BeFalse
    }

    It 'chooses and reports a seed when none is given' {
        $a = Invoke-Img2Img 'fire' $one -Steps 2 -Strength 0.5
        $b = Invoke-Img2Img 'fire' $one -Steps 2 -Strength 0.5
        $a.Seed | Should -Not -BeNullOrEmpty
        $a.Seed | Should -Not -Be $b.Seed
        $again = Invoke-Img2Img 'fire' $one -Steps 2 -Strength 0.5 -Seed $a.Seed
        [Linq.Enumerable]::SequenceEqual($a.Pixels.Pixels, $again.Pixels.Pixels) | Should -BeTrue
    }

    It 'follows the prompt more at high strength: "fire" turns a blue image warm' {
        $blue = New-TestPng -Path (Join-Path $TestDrive 'blue.png') -Width 128 -Height 128 -From 30, 60, 200 -To 60, 90, 220
        $low = Get-MeanColour (Invoke-Img2Img 'fire' $blue -Steps 20 -Strength 0.2 -Seed 5)
        $high = Get-MeanColour (Invoke-Img2Img 'fire' $blue -Steps 20 -Strength 0.9 -Seed 5)
        $low.B | Should -BeGreaterThan $low.R
        ($high.R - $high.B) | Should -BeGreaterThan ($low.R - $low.B + 40)
    }

    It 'warns and rounds a size that is not a multiple of 64 down' {
        $odd = New-TestPng -Path (Join-Path $TestDrive 'odd.png') -Width 100 -Height 130
        $image = Invoke-Img2Img 'fire' $odd -Steps 2 -Strength 0.5 -WarningVariable warnings -WarningAction SilentlyContinue
        "$image" | Should -Match '64×128'
        $warnings | Should -Match 'multiple of 64'
    }

    It 'reports each denoising step as progress' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:INVOKEAI_TEST_MODULE).AddStatement()
            $null = $ps.AddCommand('Invoke-Img2Img').AddParameter('Prompt', 'fire').AddParameter('InitImage', $one).
                AddParameter('Steps', 8).AddParameter('Strength', 0.5)
            $null = $ps.Invoke()
            $steps = @($ps.Streams.Progress | Where-Object { $_.ActivityId -eq 2 -and $_.RecordType -eq 'Processing' -and $_.StatusDescription -match '^Step \d+/4' })
            $steps.Count | Should -Be 4
            $steps.PercentComplete | Should -Be @(25, 50, 75, 100)
            @($ps.Streams.Progress | Where-Object { $_.RecordType -eq 'Completed' -and $_.ActivityId -eq 2 }).Count | Should -Be 1
            # The demo model takes milliseconds a step: a rate in s/it would read "0.00 s/it", so it is given in it/s.
            $steps.StatusDescription | ForEach-Object { $_ | Should -Match '^Step \d/4 \(\d+(\.\d+)? it/s\)$' }
        }
        finally { $ps.Dispose() }
    }

    It 'closes the batch bar when no render succeeded (<case>)' -ForEach @(
        @{ Case = 'errors silenced'; ErrorAction = 'SilentlyContinue'; Extra = @{} }
        @{ Case = '-ErrorAction Stop, which skips EndProcessing'; ErrorAction = 'Stop'; Extra = @{} }
        @{ Case = 'Select-Object -First stopping it'; ErrorAction = 'SilentlyContinue'; Extra = @{ Iterations = 3 } }
    ) {
        # 32×32 rounds down to no pixels at all: every render fails. The last case renders the 128×128 sketch.
        $tiny = New-TestPng -Path (Join-Path $TestDrive 'tiny.png') -Width 32 -Height 32
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:INVOKEAI_TEST_MODULE).AddStatement()
            $null = $ps.AddCommand('Invoke-Img2Img').AddParameter('Prompt', 'fire').AddParameter('Steps', 2).AddParameter('Strength', 0.5).
                AddParameter('InitImage', $(if ($Extra.Count) { $one } else { $tiny.FullName })).AddParameter('ErrorAction', $ErrorAction)
            foreach ($entry in $Extra.GetEnumerator()) { $null = $ps.AddParameter($entry.Key, $entry.Value) }
            if ($Extra.Count) { $null = $ps.AddCommand('Select-Object').AddParameter('First', 1) }
            try { $null = $ps.Invoke() } catch { }
            $batch = @($ps.Streams.Progress | Where-Object { $_.ActivityId -eq 1 })
            $batch.Count | Should -BeGreaterThan 1
            $batch[-1].RecordType | Should -Be 'Completed'
        }
        finally { $ps.Dispose() }
    }

    It 'shows a one-line table row, not pixels' {
        $text = Invoke-Img2Img 'fire' $one -Steps 2 -Strength 0.5 -Seed 99 | Format-Table | Out-String
        $text | Should -Match 'Seed'
        $text | Should -Match '128x128'
        $text | Should -Match '\b99\b'
        ($text -split "`n" | Where-Object { $_.Trim() }).Count | Should -BeLessOrEqual 3
    }

    It 'rejects -<Name> <Value> before rendering' -ForEach @(
        @{ Name = 'Strength'; Value = 1.5 }
        @{ Name = 'Steps'; Value = 0 }
        @{ Name = 'Seed'; Value = -1 }
        @{ Name = 'Seed'; Value = 4294967296 }
    ) {
        $arguments = @{ Prompt = 'fire'; InitImage = $one; $Name = $Value }
        { Invoke-Img2Img @arguments } | Should -Throw -ErrorId "ParameterArgumentValidationError,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand"
    }
}

Describe 'Invoke-Img2Img errors in a batch' {
    BeforeAll {
        $script:batch = New-TestBatch -Path (Join-Path $TestDrive 'batch')
    }

    It 'writes a non-terminating error naming an unreadable file and renders the rest' {
        $images = @(Get-ChildItem (Join-Path $batch '*.png') | Invoke-Img2Img -Prompt 'fire' -Steps 2 -Strength 0.5 -ErrorVariable problems -ErrorAction SilentlyContinue)
        $images.Count | Should -Be 2
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'InitImageUnreadable,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
        $problems[0].TargetObject | Should -Be (Join-Path $batch '2.png')
        $problems[0].Exception.Message | Should -Match '2\.png'
    }

    It 'names the file of an init image too small to render (<Size>), between two that render' -ForEach @(
        @{ Size = '1×1'; Width = 1; Height = 1 }, @{ Size = '3000×8'; Width = 3000; Height = 8 }
    ) {
        $odd = New-TestPng -Path (Join-Path $TestDrive "odd-$Width.png") -Width $Width -Height $Height
        $images = @((Join-Path $batch '1.png'), $odd.FullName, (Join-Path $batch '3.png') |
            Invoke-Img2Img -Prompt 'fire' -Steps 2 -Strength 0.5 -ErrorVariable problems -ErrorAction SilentlyContinue)
        $images.Count | Should -Be 2
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'InitImageSizeInvalid,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
        "$($problems[0])" | Should -BeLike "*odd-$Width.png*"
    }

    It 'names a missing init image' {
        Invoke-Img2Img 'fire' (Join-Path $batch 'missing.png') -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'InitImageNotFound,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
        $problems[0].TargetObject | Should -Match 'missing\.png'
    }

    It 'stops the batch with -ErrorAction Stop' {
        { Get-ChildItem (Join-Path $batch '*.png') | Invoke-Img2Img -Prompt 'fire' -Steps 2 -Strength 0.5 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InitImageUnreadable,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
    }

    It 'names a missing model folder and still renders the items that have a usable model' {
        $items = @(
            [pscustomobject]@{ FullName = (Join-Path $batch '1.png'); Model = (Join-Path $TestDrive 'no-such-model') }
            [pscustomobject]@{ FullName = (Join-Path $batch '3.png') }
        )
        $images = @($items | Invoke-Img2Img -Prompt 'fire' -Steps 2 -Strength 0.5 -ErrorVariable problems -ErrorAction SilentlyContinue)
        $images.Count | Should -Be 1
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'ModelFolderInvalid,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
        $problems[0].TargetObject | Should -Be (Join-Path $TestDrive 'no-such-model')
    }

    It 'names the missing sub-model of an incomplete model folder' {
        $demo = Join-Path $env:INVOKEAI_TEST_MODULE 'models/demo'
        $broken = Join-Path $TestDrive 'broken-model'
        Copy-Item $demo $broken -Recurse
        Remove-Item (Join-Path $broken 'unet/model.onnx')
        Invoke-Img2Img 'fire' (Join-Path $batch '1.png') -Model $broken -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'ModelFolderInvalid,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
        $problems[0].Exception.Message | Should -Match 'unet[/\\]model\.onnx'
    }

    It 'uses $env:INVOKEAI_MODEL when -Model is not given' {
        $env:INVOKEAI_MODEL = Join-Path $TestDrive 'env-model-that-does-not-exist'
        try {
            Invoke-Img2Img 'fire' (Join-Path $batch '1.png') -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].TargetObject | Should -Be $env:INVOKEAI_MODEL
        }
        finally { Remove-Item Env:INVOKEAI_MODEL }
    }
}

Describe 'Invoke-Img2Img paths and values that validation cannot see' {
    It 'takes a file name with [brackets] as the file it names' {
        $bracketed = Join-Path $TestDrive 'sketch[1].png'
        New-TestPng -Path $bracketed | Out-Null
        (Invoke-Img2Img 'fire' $bracketed -Steps 2 -Strength 0.5).SourcePath | Should -Be $bracketed
    }

    It 'resolves a relative $env:INVOKEAI_MODEL against the PowerShell location' {
        $copy = Copy-DemoModel (Join-Path $TestDrive 'models/demo-relative')
        Push-Location (Join-Path $TestDrive 'models')
        $env:INVOKEAI_MODEL = './demo-relative'
        try { (Invoke-Img2Img 'fire' $one -Steps 2 -Strength 0.5).Model | Should -Be $copy }
        finally { Remove-Item Env:INVOKEAI_MODEL; Pop-Location }
    }

    It 'reports a step count the schedule cannot honour as RenderParameterInvalid, and goes on' {
        $images = @(Invoke-Img2Img 'fire' $one, $one -Sampler ddim -Steps 1000 -Strength 0.5 -ErrorVariable problems -ErrorAction SilentlyContinue)
        $images.Count | Should -Be 0
        $problems.Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -Be 'RenderParameterInvalid,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
        $problems[0].Exception.Message | Should -Match 'timestep 1000'
    }

    It 'reports the same for a k_ sampler on a model with leading spacing, instead of blaming the UNet for NaN' {
        # 1000 leading steps plus steps_offset 1 reach timestep 1000; clamped to 999, σ_max would repeat and
        # k_lms's first step would divide by its zero width. Strength 1 runs that step.
        $leading = Copy-DemoModel (Join-Path $TestDrive 'models/demo-leading')
        $configPath = Join-Path $leading 'scheduler/scheduler_config.json'
        $config = Get-Content -Raw $configPath | ConvertFrom-Json
        $config | Add-Member -NotePropertyName timestep_spacing -NotePropertyValue 'leading' -Force
        $config | ConvertTo-Json | Set-Content $configPath

        $images = @(Invoke-Img2Img 'fire' $one, $one -Model $leading -Sampler k_lms -Steps 1000 -Strength 1 -ErrorVariable problems -ErrorAction SilentlyContinue)
        $images.Count | Should -Be 0
        $problems.Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -Be 'RenderParameterInvalid,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
        $problems[0].Exception.Message | Should -Match "timestep_spacing 'leading' and steps_offset 1 give timestep 1000"
        (Invoke-Img2Img 'fire' $one -Model $leading -Sampler k_lms -Steps 20 -Strength 0.5).StepsTaken | Should -Be 10
    }

    It 'runs the VAE in tiles with -Tiled, records it, and never with -Tiled:$false' {
        # 640 pixels wide: 80 latents, two 64-latent tiles across.
        $wide = New-TestPng -Path (Join-Path $TestDrive 'wide.png') -Width 640 -Height 128
        $tiled = Invoke-Img2Img 'fire' $wide -Steps 4 -Strength 0.5 -Seed 3 -Tiled -Verbose 4>&1
        $verbose = @($tiled | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $image = $tiled | Where-Object { $_ -is [InvokeAI.Core.Pipelines.DiffusionImage] }
        $image.Tiled | Should -BeTrue
        @($verbose | Where-Object { $_ -like 'VAE decoding in tiles*' }).Count | Should -Be 1
        $file = $image | Save-Image -Path (Join-Path $TestDrive 'tiled.png') -PassThru
        (Get-ImageMetadata $file.FullName).Tiled | Should -BeTrue
        (Invoke-Img2Img 'fire' $wide -Steps 4 -Strength 0.5 -Seed 3 -Tiled:$false).Tiled | Should -BeFalse
        (Invoke-Img2Img 'fire' $wide -Steps 4 -Strength 0.5 -Seed 3).Tiled | Should -BeNullOrEmpty
    }
}

# Get-DiffusionModel reports each fixture family from its folder, resolves folders as Get-FileHash resolves files,
# reports the default model with no arguments, and shows the family in both of its views.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:fixtures = (Resolve-Path (Join-Path $PSScriptRoot '../fixtures/models')).ProviderPath
    # Loading a fixture on Auto would try CUDA and warn; the CPU is what these folders are made for. The load's own
    # warnings (an unseeded VAE encoder) are the report's notes, checked there.
    function script:Open-Fixture([string] $Name) { Open-DiffusionSession (Join-Path $fixtures $Name) -Provider Cpu -WarningAction SilentlyContinue }
}

AfterAll {
    Get-DiffusionSession | Close-DiffusionSession
}

Describe 'Get-DiffusionModel on each fixture family' {
    It '<Folder> is <Family>, <Precision>, sampling with <Sampler>' -ForEach @(
        @{ Folder = 'tiny-sd'; Family = 'SD 1.x'; Precision = 'fp32'; Sampler = 'k_lms'; VaeEncoder = 'SampledInGraph' }
        @{ Folder = 'tiny-sd-lp'; Family = 'SD 1.x'; Precision = 'fp32'; Sampler = 'k_lms'; VaeEncoder = 'LatentParameters' }
        @{ Folder = 'tiny-sd-fp16'; Family = 'SD 1.x'; Precision = 'fp16'; Sampler = 'k_lms'; VaeEncoder = 'LatentParameters' }
        @{ Folder = 'tiny-sd2-v'; Family = 'SD 2.x'; Precision = 'fp32'; Sampler = 'k_lms'; VaeEncoder = 'SampledInGraph' }
        @{ Folder = 'tiny-sdxl'; Family = 'SDXL'; Precision = 'fp32'; Sampler = 'k_lms'; VaeEncoder = 'LatentParameters' }
        @{ Folder = 'tiny-sdxl-turbo'; Family = 'SDXL-Turbo'; Precision = 'fp32'; Sampler = 'k_euler_a'; VaeEncoder = 'LatentParameters' }
        @{ Folder = 'tiny-lcm'; Family = 'LCM'; Precision = 'fp32'; Sampler = 'lcm'; VaeEncoder = 'LatentParameters' }
    ) {
        Open-Fixture $Folder | Out-Null
        $report = Get-DiffusionModel (Join-Path $fixtures $Folder)
        $report | Should -BeOfType InvokeAI.Core.Models.ModelReport
        $report.Family | Should -Be $Family
        $report.Precision | Should -Be $Precision
        $report.Defaults.Sampler | Should -Be $Sampler
        $report.Scheduler.DefaultSampler | Should -Be $Sampler
        "$($report.VaeEncoder)" | Should -Be $VaeEncoder
        $report.Provider | Should -Be 'CPU'
        $report.Path | Should -Be (Join-Path $fixtures $Folder)
    }

    It 'shows the SDXL second encoder and its hidden states' {
        Open-Fixture tiny-sdxl | Out-Null
        $report = Get-DiffusionModel (Join-Path $fixtures tiny-sdxl)
        $report.SubModels.Name | Should -Be @('text_encoder', 'text_encoder_2', 'unet', 'vae_encoder', 'vae_decoder')
        "$($report.SubModels | Where-Object Name -eq text_encoder_2)" | Should -Match '^text_encoder_2: input_ids int64 \[batch_size, sequence_length\] -> .*hidden_states\.\d float32'
        $report.LatentScale | Should -Be 0.13025
    }

    It 'counts external weights and notes in-graph VAE sampling (tiny-sd)' {
        Open-Fixture tiny-sd | Out-Null
        $report = Get-DiffusionModel (Join-Path $fixtures tiny-sd)
        $unet = $report.SubModels | Where-Object Name -eq unet
        $unet.ExternalData | Should -Be 'weights.pb'
        $unet.SizeBytes | Should -Be ((Get-ChildItem (Join-Path $fixtures tiny-sd/unet) -File | Measure-Object Length -Sum).Sum)
        $report.Notes -match 'repeat exactly' | Should -Not -BeNullOrEmpty
    }
}

Describe 'Get-DiffusionModel paths' {
    BeforeAll {
        foreach ($folder in Get-ChildItem $fixtures -Directory) { Open-Fixture $folder.Name | Out-Null }
    }

    It 'gives one report per folder piped from Get-ChildItem -Directory' {
        $folders = @(Get-ChildItem $fixtures -Directory)
        $reports = @($folders | Get-DiffusionModel)
        $reports.Count | Should -Be $folders.Count
        $reports.Path | Should -Be $folders.FullName
    }

    It 'expands a wildcard -Path, relative to the PowerShell location' {
        Push-Location $fixtures
        try {
            $reports = @(Get-DiffusionModel -Path 'tiny-sdxl*')
        }
        finally { Pop-Location }
        $reports.Family | Should -Be @('SDXL', 'SDXL-Turbo')
    }

    It 'takes -LiteralPath as written, and PSPath as its alias' {
        (Get-DiffusionModel -LiteralPath (Join-Path $fixtures tiny-lcm)).Family | Should -Be 'LCM'
        (Get-Item (Join-Path $fixtures tiny-sd2-v) | Get-DiffusionModel).Family | Should -Be 'SD 2.x'
        (Get-DiffusionModel -PSPath (Join-Path $fixtures tiny-sd2-v)).Scheduler.TimestepSpacing | Should -Be "each sampler's default"
    }

    It 'closes a folder it had to load after its report, unless -KeepOpen, and leaves open sessions open' {
        $folder = Join-Path $fixtures tiny-lcm
        Get-DiffusionSession | Where-Object Model -eq $folder | Close-DiffusionSession
        (Get-DiffusionModel $folder -WarningAction SilentlyContinue).Family | Should -Be 'LCM'
        Get-DiffusionSession | Where-Object Model -eq $folder | Should -BeNullOrEmpty

        Get-DiffusionModel $folder -KeepOpen -WarningAction SilentlyContinue | Out-Null
        $kept = Get-DiffusionSession | Where-Object Model -eq $folder
        $kept | Should -Not -BeNullOrEmpty
        Get-DiffusionModel $folder | Out-Null
        (Get-DiffusionSession | Where-Object Model -eq $folder).Id | Should -Be $kept.Id -Because 'a session already open is the one reported and stays open'
        $kept | Close-DiffusionSession
    }

    It 'reports an open session, also from the pipeline' {
        $session = Open-Fixture tiny-sdxl-turbo
        (Get-DiffusionModel -Session $session).Family | Should -Be 'SDXL-Turbo'
        ($session | Get-DiffusionModel).Defaults.Steps | Should -Be 4
    }

    It 'writes PathNotFound for a folder that does not exist, naming it, and goes on' -ForEach @(@{ Literal = $false }, @{ Literal = $true }) {
        $missing = Join-Path $TestDrive 'no-such-model'
        $parameters = if ($Literal) { @{ LiteralPath = $missing, (Join-Path $fixtures tiny-sd) } } else { @{ Path = $missing, (Join-Path $fixtures tiny-sd) } }
        $reports = @(Get-DiffusionModel @parameters -ErrorVariable failures -ErrorAction SilentlyContinue)
        $reports.Family | Should -Be 'SD 1.x'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        $failures[0].TargetObject | Should -Be $missing
        "$failures" | Should -BeLike "*'$missing'*"
    }

    It 'writes ModelFolderInvalid for a folder that is not a model folder' {
        $empty = New-Item -ItemType Directory (Join-Path $TestDrive 'not-a-model')
        Get-DiffusionModel $empty.FullName -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ModelFolderInvalid,*'
        "$($failures[0].TargetObject)" | Should -BeLike "$($empty.FullName)*"
    }

    It 'reports the default model (the demo model) with no arguments' {
        $report = Get-DiffusionModel -KeepOpen
        $report.Family | Should -Be 'SD 1.x'
        $report.Path | Should -Be (Get-DiffusionSession -Name demo).Model
    }
}

Describe 'Get-DiffusionModel views' {
    It 'shows the family, precision and default sampler in the table' {
        Open-Fixture tiny-sdxl-turbo | Out-Null
        $table = Get-DiffusionModel (Join-Path $fixtures tiny-sdxl-turbo) | Format-Table | Out-String -Width 200
        $table | Should -Match 'Family\s+Precision\s+Sampler\s+Steps\s+Provider'
        $table | Should -Match 'SDXL-Turbo\s+fp32\s+k_euler_a\s+4\s+CPU'
    }

    It 'shows every sub-model and note on a line of its own in the list' {
        Open-Fixture tiny-sd | Out-Null
        $list = Get-DiffusionModel (Join-Path $fixtures tiny-sd) | Format-List | Out-String -Width 400
        $list | Should -Match 'Family\s+: SD 1\.x'
        $list | Should -Match 'SubModels\s+: text_encoder: input_ids int32 \[batch, sequence\] -> last_hidden_state float32'
        $list | Should -Match '(?m)^\s+unet: sample float32 \[batch, channels, height, width\]'
        $list | Should -Match '(?m)^\s+vae_decoder: latent_sample'
        $list | Should -Match 'Notes\s+: - The VAE encoder'
    }
}

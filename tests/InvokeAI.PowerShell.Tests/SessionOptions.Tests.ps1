# Open-DiffusionSession's load options: -ThreadCount (CPU intra-op threads) and -OptimizedModelCache (a folder of
# ONNX Runtime's optimised graphs, read back by later loads). The engine's own tests cover keys, invalidation and
# damaged entries; these check what the cmdlet adds: binding, the session's properties, a render through the cache.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:init = New-TestPng -Path (Join-Path $TestDrive 'init.png') -Width 64 -Height 64
    $script:demoCopy = Copy-DemoModel (Join-Path $TestDrive 'demo-copy')
}

Describe 'Open-DiffusionSession -ThreadCount' {
    BeforeEach { Close-DiffusionSession -All }
    AfterAll { Close-DiffusionSession -All }

    It 'shows the thread count on the session, the processor count without it' {
        (Open-DiffusionSession $demoCopy -Provider Cpu -ThreadCount 1).ThreadCount | Should -Be 1
        Close-DiffusionSession -All
        (Open-DiffusionSession $demoCopy -Provider Cpu).ThreadCount | Should -Be ([Environment]::ProcessorCount)
    }

    It 'refuses <Value> threads with a parameter binding error' -ForEach @(@{ Value = 0 }, @{ Value = 1025 }, @{ Value = -1 }) {
        $thrown = { Open-DiffusionSession $demoCopy -Provider Cpu -ThreadCount $Value } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -Be 'ParameterArgumentValidationError,InvokeAI.PowerShell.Commands.OpenDiffusionSessionCommand'
        @(Get-DiffusionSession).Count | Should -Be 0
    }

    It 'warns when the folder is open with another thread count, and returns that session' {
        $first = Open-DiffusionSession $demoCopy -Provider Cpu -ThreadCount 2
        $again = Open-DiffusionSession $demoCopy -Provider Cpu -ThreadCount 1 -WarningVariable warnings -WarningAction SilentlyContinue
        $again.Id | Should -Be $first.Id
        $again.ThreadCount | Should -Be 2
        "$warnings" | Should -BeLike '*with 2 threads*-ThreadCount 1 applies to a new load*'
    }
}

Describe 'Open-DiffusionSession -OptimizedModelCache' {
    BeforeEach { Close-DiffusionSession -All }
    AfterAll { Close-DiffusionSession -All }

    It 'writes an entry per sub-model, renders through it, and a later load uses the entries with the same pixels' {
        $cache = Join-Path $TestDrive 'cache'
        $session = Open-DiffusionSession $demoCopy -Provider Cpu -OptimizedModelCache $cache
        $session.OptimizedModelCache | Should -Be $cache
        @($session.OptimizedModelCacheUses.Outcome | Select-Object -Unique) | Should -Be @('Created')
        $entries = @(Get-ChildItem $cache -Directory)
        $entries.Count | Should -Be 4
        $entries | ForEach-Object { Join-Path $_.FullName 'model.onnx' | Should -Exist }
        $first = Invoke-Img2Img 'fire' $init -Session $session -Steps 2 -Strength 0.5 -Seed 3

        Close-DiffusionSession -All
        $verbose = Open-DiffusionSession $demoCopy -Provider Cpu -OptimizedModelCache $cache -Verbose 4>&1
        $reopened = $verbose | Where-Object { $_ -is [InvokeAI.PowerShell.Sessions.DiffusionSession] }
        @($reopened.OptimizedModelCacheUses.Outcome | Select-Object -Unique) | Should -Be @('Used')
        ($verbose | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message -join "`n" | Should -BeLike '*Optimised-model cache, UNet: Used*'
        $second = Invoke-Img2Img 'fire' $init -Session $reopened -Steps 2 -Strength 0.5 -Seed 3
        $hash = { param($image) [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($image.Pixels.Pixels)) }
        & $hash $second | Should -Be (& $hash $first)
        @(Get-ChildItem $cache -Directory).Count | Should -Be 4
    }

    It 'resolves a relative folder against the current location' {
        Push-Location $TestDrive
        try {
            $session = Open-DiffusionSession $demoCopy -Provider Cpu -OptimizedModelCache 'relative-cache'
            $session.OptimizedModelCache | Should -Be (Join-Path $TestDrive 'relative-cache')
            Join-Path $TestDrive 'relative-cache' | Should -Exist
        }
        finally { Pop-Location }
    }

    It 'warns and loads without it when the folder cannot be written' {
        $file = Join-Path $TestDrive 'not-a-folder'
        Set-Content $file 'a file'
        $session = Open-DiffusionSession $demoCopy -Provider Cpu -OptimizedModelCache $file -WarningVariable warnings -WarningAction SilentlyContinue
        $session.IsOpen | Should -BeTrue
        "$warnings" | Should -BeLike '*could not be cached*'
        Invoke-Img2Img 'fire' $init -Session $session -Steps 2 -Strength 0.5 | Should -Not -BeNullOrEmpty
    }

    It 'returns a session already open without the cache, saying the cache applies to a new load' {
        $first = Open-DiffusionSession $demoCopy -Provider Cpu
        $again = Open-DiffusionSession $demoCopy -Provider Cpu -OptimizedModelCache (Join-Path $TestDrive 'late-cache') -WarningVariable warnings -WarningAction SilentlyContinue
        $again.Id | Should -Be $first.Id
        $again.OptimizedModelCache | Should -BeNullOrEmpty
        "$warnings" | Should -BeLike '*loaded without the optimised-model cache*-OptimizedModelCache applies to a new load*'
        Join-Path $TestDrive 'late-cache' | Should -Not -Exist
    }

    It 'is left alone by the default session of an implicit render' {
        $image = Invoke-Img2Img 'fire' $init -Model $demoCopy -Steps 2 -Strength 0.5
        $image | Should -Not -BeNullOrEmpty
        $session = Get-DiffusionSession
        $session.OptimizedModelCache | Should -BeNullOrEmpty
        $session.ThreadCount | Should -Be ([Environment]::ProcessorCount)
    }
}

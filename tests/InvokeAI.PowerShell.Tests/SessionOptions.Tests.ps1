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

Describe 'Open-DiffusionSession -DeviceId with several ids' {
    BeforeEach { Close-DiffusionSession -All }
    AfterAll { Close-DiffusionSession -All }

    It 'opens one CPU session per id, all listed, and each renders the same pixels for a seed' {
        $sessions = @(Open-DiffusionSession $demoCopy -Provider Cpu -DeviceId 0, 1)
        $sessions.Count | Should -Be 2
        $sessions.DeviceId | Should -Be @(0, 1)
        $sessions[0].Id | Should -Not -Be $sessions[1].Id
        @(Get-DiffusionSession).Id | Sort-Object | Should -Be (@($sessions.Id) | Sort-Object)
        $hash = { param($image) [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($image.Pixels.Pixels)) }
        $first = Invoke-Img2Img 'fire' $init -Session $sessions[0] -Steps 2 -Strength 0.5 -Seed 11
        $second = Invoke-Img2Img 'fire' $init -Session $sessions[1] -Steps 2 -Strength 0.5 -Seed 11
        & $hash $second | Should -Be (& $hash $first)
        $sessions.RendersCompleted | Should -Be @(1, 1)
    }

    It 'returns the open session for an id that has one and loads only the others' {
        $open = Open-DiffusionSession $demoCopy -Provider Cpu -DeviceId 1
        $sessions = @(Open-DiffusionSession $demoCopy -Provider Cpu -DeviceId 1, 2)
        $sessions[0].Id | Should -Be $open.Id
        $sessions[1].DeviceId | Should -Be 2
        @(Get-DiffusionSession).Count | Should -Be 2
    }

    It 'opens a session per id under Auto too, rather than returning the first twice' {
        $sessions = @(Open-DiffusionSession $demoCopy -Provider Auto -DeviceId 0, 1 -WarningAction SilentlyContinue)
        $sessions.Count | Should -Be 2
        $sessions[0].Id | Should -Not -Be $sessions[1].Id
        # An implicit render names no device and takes an open session whatever its slot.
        Invoke-Img2Img 'fire' $init -Model $demoCopy -Steps 2 -Strength 0.5 | Should -Not -BeNullOrEmpty
        @(Get-DiffusionSession).Count | Should -Be 2
    }

    It 'refuses -DeviceId <Text> with a parameter binding error' -ForEach @(
        @{ Text = '-1'; Value = @(-1) }, @{ Text = '65'; Value = @(65) }, @{ Text = '0,0'; Value = @(0, 0) }, @{ Text = '1,2,1'; Value = @(1, 2, 1) }, @{ Text = 'an empty list'; Value = @() }
    ) {
        $thrown = { Open-DiffusionSession $demoCopy -Provider Cpu -DeviceId $Value } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -Be 'ParameterArgumentValidationError,InvokeAI.PowerShell.Commands.OpenDiffusionSessionCommand'
        @(Get-DiffusionSession).Count | Should -Be 0
    }

    It 'reports a CUDA library that is missing once, not once per id' {
        $auto = Open-DiffusionSession $demoCopy -Provider Auto -WarningAction SilentlyContinue
        if ($auto.Provider -ne 'CPU') {
            Set-ItResult -Skipped -Because 'CUDA loads here'
            return
        }
        Close-DiffusionSession -All
        Open-DiffusionSession $demoCopy -Provider Cuda -DeviceId 0, 1 -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'ExecutionProviderUnavailable,InvokeAI.PowerShell.Commands.OpenDiffusionSessionCommand'
    }
}

Describe 'Open-DiffusionSession CUDA options' {
    BeforeEach { Close-DiffusionSession -All }
    AfterAll { Close-DiffusionSession -All }

    It 'refuses -<Name> <Value> at binding (<ErrorId>)' -ForEach @(
        @{ Name = 'GpuMemoryLimitMB'; Value = 0; ErrorId = 'ParameterArgumentValidationError' }
        @{ Name = 'GpuMemoryLimitMB'; Value = 1048577; ErrorId = 'ParameterArgumentValidationError' }
        @{ Name = 'GpuMemoryLimitMB'; Value = -5; ErrorId = 'ParameterArgumentValidationError' }
        @{ Name = 'ArenaExtendStrategy'; Value = 'Doubling'; ErrorId = 'CannotConvertArgumentNoMessage' }
        @{ Name = 'CudnnConvolutionSearch'; Value = 'Fastest'; ErrorId = 'CannotConvertArgumentNoMessage' }
    ) {
        $arguments = @{ $Name = $Value }
        $thrown = { Open-DiffusionSession $demoCopy -Provider Cpu @arguments } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -Be "$ErrorId,InvokeAI.PowerShell.Commands.OpenDiffusionSessionCommand"
        @(Get-DiffusionSession).Count | Should -Be 0
    }

    It 'offers the arena strategies and convolution searches to tab completion' {
        $complete = { param($line) (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText }
        & $complete 'Open-DiffusionSession -ArenaExtendStrategy ' | Should -Be @('NextPowerOfTwo', 'SameAsRequested')
        & $complete 'Open-DiffusionSession -CudnnConvolutionSearch ' | Should -Be @('Default', 'Exhaustive', 'Heuristic')
    }

    It 'warns once, for all ids, that they are ignored on -Provider Cpu, and the sessions show no CUDA options' {
        $sessions = @(Open-DiffusionSession $demoCopy -Provider Cpu -DeviceId 0, 1 -GpuMemoryLimitMB 1024 -ArenaExtendStrategy SameAsRequested `
                -CudnnConvolutionSearch Heuristic -TensorRT -WarningVariable warnings -WarningAction SilentlyContinue)
        $sessions.Count | Should -Be 2
        @($warnings).Count | Should -Be 1
        "$warnings" | Should -Be '-GpuMemoryLimitMB, -ArenaExtendStrategy, -CudnnConvolutionSearch, -TensorRT are ignored because the session runs on the CPU: -Provider Cpu was asked for.'
        $sessions | ForEach-Object { $_.CudaOptions | Should -BeNullOrEmpty }
        ($sessions[0] | Format-List | Out-String) | Should -Match 'CudaOptions'
    }

    It 'warns that -GpuMemoryLimitMB is ignored when Auto falls back to the CPU, giving the reason' {
        $session = Open-DiffusionSession $demoCopy -Provider Auto -GpuMemoryLimitMB 1024 -WarningVariable warnings -WarningAction SilentlyContinue
        if ($session.Provider -ne 'CPU') {
            Set-ItResult -Skipped -Because 'CUDA loads here, so the options apply'
            return
        }
        $ignored = @($warnings | Where-Object { "$_" -like '*ignored*' })
        $ignored.Count | Should -Be 1
        "$ignored" | Should -BeLike '-GpuMemoryLimitMB is ignored because the session runs on the CPU: CUDA is not available*'
        $session.CudaOptions | Should -BeNullOrEmpty
    }

    It 'warns that TensorRT is missing, naming what, and continues without it' {
        $session = Open-DiffusionSession $demoCopy -Provider Auto -TensorRT -WarningVariable warnings -WarningAction SilentlyContinue
        if ($session.Provider -ne 'CPU') {
            Set-ItResult -Skipped -Because 'CUDA loads here, so TensorRT may too'
            return
        }
        $session.IsOpen | Should -BeTrue
        "$warnings" | Should -Match "TensorRT is not used: TensorRT's (provider library|libnvinfer\.so\.10|nvinfer_10\.dll)"
        # Its own warning says why, so the ignored-options warning does not repeat it.
        "$warnings" | Should -Not -BeLike '*-TensorRT is ignored*'
        Invoke-Img2Img 'fire' $init -Session $session -Steps 2 -Strength 0.5 | Should -Not -BeNullOrEmpty
    }

    It 'returns a session already open on the CPU, saying the CUDA options are ignored there' {
        $first = Open-DiffusionSession $demoCopy -Provider Cpu
        $again = Open-DiffusionSession $demoCopy -Provider Auto -CudnnConvolutionSearch Heuristic -WarningVariable warnings -WarningAction SilentlyContinue
        $again.Id | Should -Be $first.Id
        @($warnings).Count | Should -Be 1
        "$warnings" | Should -Be "'$($first.Model)' is already open as session $($first.Id) on the CPU, which is returned: -CudnnConvolutionSearch is ignored because the session runs on the CPU."
    }
}

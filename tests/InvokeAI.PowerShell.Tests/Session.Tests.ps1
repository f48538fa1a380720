BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:init = New-TestPng -Path (Join-Path $TestDrive 'init.png') -Width 64 -Height 64
}

Describe 'The shared model session' {
    It 'loads the model on first use and reuses it afterwards' {
        Remove-Module InvokeAI.PowerShell
        Import-BuiltModule
        $first = Invoke-Img2Img 'fire' $init -Steps 2 -Strength 0.5 -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        $second = Invoke-Img2Img 'fire' $init -Steps 2 -Strength 0.5 -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        ($first.Message -match '^Loaded model') | Should -Not -BeNullOrEmpty
        ($second.Message -match '^Loaded model') | Should -BeNullOrEmpty
        ($second.Message -match '^Using the open session .* \(1 renders so far\)') | Should -Not -BeNullOrEmpty
    }

    It 'is released by Remove-Module and loads again after a new import' {
        Invoke-Img2Img 'fire' $init -Steps 2 -Strength 0.5 | Out-Null
        Remove-Module InvokeAI.PowerShell
        Import-BuiltModule
        $messages = Invoke-Img2Img 'fire' $init -Steps 2 -Strength 0.5 -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        ($messages.Message -match '^Loaded model') | Should -Not -BeNullOrEmpty
    }

    It 'reports the provider and the time of each stage with -Verbose' {
        $messages = (Invoke-Img2Img 'fire' $init -Steps 4 -Strength 0.5 -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message
        $messages -match 'on CPU' | Should -Not -BeNullOrEmpty
        # The rate as the progress bar words it (StepRate): "it/s" for fast steps such as the demo model's, not "0.000 s/step".
        $messages -match '^Denoising: 2 steps with k_lms in [\d.,]+ s \([\d.,]+ (it/s|s/it)\)$' | Should -Not -BeNullOrEmpty
        $messages -match '^VAE decoding' | Should -Not -BeNullOrEmpty
    }

    It 'reports the provider with -Verbose when given a -Session, too' {
        $session = Open-DiffusionSession
        $messages = (Invoke-Img2Img 'fire' $init -Session $session -Steps 2 -Strength 0.5 -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message
        $messages -match "^Using the open session 'demo' for .* on CPU \(\d+ renders so far\)" | Should -Not -BeNullOrEmpty
        $messages = (Get-PromptToken 'fire' -Session $session -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message
        $messages -match 'on CPU' | Should -Not -BeNullOrEmpty
    }

    It 'stops promptly on Ctrl+C and stays usable' {
        $big = New-TestPng -Path (Join-Path $TestDrive 'big.png') -Width 512 -Height 512
        $ps = [powershell]::Create()
        try {
            # Two invocations, not one batch (AddStatement): a stopped batch still reads $ErrorActionPreference on a
            # thread-pool thread after Stop() returns, and if Dispose has closed the runspace by then, that
            # unhandled exception ends the whole test process.
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:INVOKEAI_TEST_MODULE).Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddCommand('Invoke-Img2Img').AddParameter('Prompt', 'fire').AddParameter('InitImage', $big.FullName).
                AddParameter('Steps', 1000).AddParameter('Strength', 1.0)
            $running = $ps.BeginInvoke()
            # Wait until denoising has really started, then press Ctrl+C (what Stop() does to the pipeline).
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not ($ps.Streams.Progress | Where-Object StatusDescription -Match '^Step') -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 20
            }
            $ps.Streams.Progress.Count | Should -BeGreaterThan 0
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $lastStep = [int](($ps.Streams.Progress | Where-Object StatusDescription -Match '^Step')[-1].StatusDescription -replace '^Step (\d+)/.*', '$1')
            $lastStep | Should -BeLessThan 1000
        }
        finally { $ps.Dispose() }
        # The shared session is still usable after the cancelled run.
        (Invoke-Img2Img 'fire' $init -Steps 2 -Strength 0.5).StepsTaken | Should -Be 1
    }

    It 'serves two runspaces at once with one session' {
        $results = 1..2 | ForEach-Object -Parallel {
            Import-Module $env:INVOKEAI_TEST_MODULE
            Invoke-Img2Img 'fire' $using:init.FullName -Steps 4 -Strength 0.5 -Seed 8
        } -ThrottleLimit 2
        @($results).Count | Should -Be 2
        [Linq.Enumerable]::SequenceEqual($results[0].Pixels.Pixels, $results[1].Pixels.Pixels) | Should -BeTrue
    }

    It 'renders the same pixels with ForEach-Object -Parallel over one session passed by $using: as a serial loop' {
        # README's "Render in parallel" idiom: one session opened in the parent, a few seeds rendered at once.
        # A CPU worker slot of its own, so its render count is this test's alone.
        $session = Open-DiffusionSession -Provider Cpu -DeviceId 7 -Name parallel-seeds
        try {
            $seeds = 11, 12, 13, 14
            $serial = foreach ($seed in $seeds) { Invoke-Img2Img 'fire' $init -Steps 4 -Strength 0.75 -Seed $seed -Session $session }
            $parallel = $seeds | ForEach-Object -Parallel {
                Import-Module $env:INVOKEAI_TEST_MODULE
                Invoke-Img2Img 'fire' ($using:init).FullName -Steps 4 -Strength 0.75 -Seed $_ -Session $using:session
            } -ThrottleLimit 4 | Sort-Object Seed
            @($parallel).Count | Should -Be 4
            $parallel.Seed | Should -Be $seeds
            for ($i = 0; $i -lt $seeds.Count; $i++) {
                [Linq.Enumerable]::SequenceEqual($serial[$i].Pixels.Pixels, $parallel[$i].Pixels.Pixels) | Should -BeTrue -Because "seed $($seeds[$i]) renders alike either way"
            }
            # Different seeds really are different renders, so the comparison above can tell them apart.
            [Linq.Enumerable]::SequenceEqual($serial[0].Pixels.Pixels, $serial[1].Pixels.Pixels) | Should -BeFalse
            $session.RendersCompleted | Should -Be 8
        }
        finally { $session | Close-DiffusionSession }
    }
}

Describe 'Remove-Module with the module imported in several runspaces' {
    BeforeAll {
        function New-ImportingRunspace {
            # A second runspace of this process, as a host or a thread job makes one, with the module imported there.
            $runspace = [runspacefactory]::CreateRunspace()
            $runspace.Open()
            Invoke-InRunspace $runspace 'param($Module) Import-Module $Module' @{ Module = $env:INVOKEAI_TEST_MODULE } | Out-Null
            $runspace
        }

        function Invoke-InRunspace {
            param($Runspace, [string] $Script, [hashtable] $Parameters = @{})
            $shell = [powershell]::Create($Runspace)
            try {
                $output = $shell.AddScript($Script).AddParameters($Parameters).Invoke()
                if ($shell.Streams.Error.Count) { throw $shell.Streams.Error[0] }
                $output
            }
            finally { $shell.Dispose() }
        }

        $script:renderThere = 'param($Init) (Invoke-Img2Img fire $Init -Steps 2 -Strength 0.5).StepsTaken'
    }

    BeforeEach {
        Import-BuiltModule
        $script:others = @()
    }

    AfterEach {
        foreach ($runspace in $others) { $runspace.Dispose() }
        # Later tests expect the module in this runspace.
        Import-BuiltModule
    }

    It 'keeps the sessions another runspace renders with when one runspace removes it' {
        $other = New-ImportingRunspace
        $script:others = @($other)
        Invoke-InRunspace $other $renderThere @{ Init = $init.FullName } | Should -Be 1
        $session = Open-DiffusionSession
        (Invoke-Img2Img 'fire' $init -Session $session -Steps 2 -Strength 0.5).StepsTaken | Should -Be 1

        Invoke-InRunspace $other 'Remove-Module InvokeAI.PowerShell' | Out-Null

        $session.IsOpen | Should -BeTrue
        $messages = Invoke-Img2Img 'fire' $init -Steps 2 -Strength 0.5 -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        ($messages.Message -match '^Loaded model') | Should -BeNullOrEmpty
        ($messages.Message -match "^Using the open session 'demo'") | Should -Not -BeNullOrEmpty
        # The runspace that removed it can import it again and finds the same session.
        Invoke-InRunspace $other 'param($Module) Import-Module $Module; (Get-DiffusionSession).Id' @{ Module = $env:INVOKEAI_TEST_MODULE } |
            Should -Be $session.Id
    }

    It 'closes every session when the last runspace that imported it removes it' {
        $first = New-ImportingRunspace
        $second = New-ImportingRunspace
        $script:others = @($first, $second)
        $session = Open-DiffusionSession
        Invoke-InRunspace $first $renderThere @{ Init = $init.FullName } | Should -Be 1
        Invoke-InRunspace $second $renderThere @{ Init = $init.FullName } | Should -Be 1

        Invoke-InRunspace $first 'Remove-Module InvokeAI.PowerShell' | Out-Null
        Remove-Module InvokeAI.PowerShell
        $session.IsOpen | Should -BeTrue
        Invoke-InRunspace $second $renderThere @{ Init = $init.FullName } | Should -Be 1

        Invoke-InRunspace $second 'Remove-Module InvokeAI.PowerShell' | Out-Null
        $session.IsOpen | Should -BeFalse
        Import-BuiltModule
        @(Get-DiffusionSession).Count | Should -Be 0
    }

    It 'does not count a runspace that was closed without removing it' {
        $closed = New-ImportingRunspace
        Invoke-InRunspace $closed $renderThere @{ Init = $init.FullName } | Should -Be 1
        $closed.Dispose()
        $session = @(Get-DiffusionSession)[0]
        Remove-Module InvokeAI.PowerShell
        $session.IsOpen | Should -BeFalse
    }
}

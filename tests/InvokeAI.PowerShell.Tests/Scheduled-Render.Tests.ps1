# examples/Scheduled-Render.ps1 run as a scheduler runs it: `pwsh -NoProfile -File`, in a child process, judged by
# its exit code, its outputs and its log.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:scriptPath = Join-Path $PSScriptRoot '../../examples/Scheduled-Render.ps1'

    function Invoke-ScheduledRender {
        param([string[]] $Arguments)
        $pwsh = @(Get-ChildPwsh)
        $prefix = @($pwsh | Select-Object -Skip 1)
        $output = & $pwsh[0] @prefix -NoProfile -NonInteractive -File $scriptPath -ModulePath $env:INVOKEAI_TEST_MODULE `
            -Prompt 'fire' -Strength 0.5 -Steps 2 @Arguments 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }
}

Describe 'Scheduled-Render.ps1' {
    BeforeAll {
        $script:drop = New-Item -ItemType Directory (Join-Path $TestDrive 'drop') | Select-Object -ExpandProperty FullName
        $script:renders = Join-Path $TestDrive 'renders'
        $script:log = Join-Path $TestDrive 'logs/render.log'
        New-TestPng -Path (Join-Path $drop 'house.png') | Out-Null
        New-TestPng -Path (Join-Path $drop 'tree.png') -From 20, 160, 40 | Out-Null
        Set-Content (Join-Path $drop 'broken.png') 'not an image'
        Set-Content (Join-Path $drop 'notes.txt') 'not an input: ignored'
        $script:first = Invoke-ScheduledRender '-DropFolder', $drop, '-OutputFolder', $renders, '-LogPath', $log
    }

    It 'exits 1 when an input failed' {
        $first.ExitCode | Should -Be 1 -Because $first.Output
    }

    It 'renders the good inputs, one output each' {
        (Get-ChildItem $renders -Filter *.png).Name | Sort-Object | Should -Be @('house.png', 'tree.png')
        [IO.File]::ReadAllBytes((Join-Path $renders 'house.png'))[1..3] | Should -Be @(80, 78, 71)
    }

    It 'logs one line per input, naming the bad one' {
        $lines = @(Get-Content $log)
        $lines.Count | Should -Be 3
        $failed = @($lines | Where-Object { ($_ -split "`t")[1] -eq 'failed' })
        $failed.Count | Should -Be 1
        $fields = $failed[0] -split "`t"
        $fields[2] | Should -Be (Join-Path $drop 'broken.png')
        $fields[3] | Should -Match '^InitImageUnreadable: '
        $rendered = @($lines | Where-Object { ($_ -split "`t")[1] -eq 'rendered' })
        ($rendered | ForEach-Object { ($_ -split "`t")[3] }) | Sort-Object | Should -Be @((Join-Path $renders 'house.png'), (Join-Path $renders 'tree.png'))
        foreach ($line in $lines) { [datetimeoffset]::Parse(($line -split "`t")[0]) | Should -BeOfType ([datetimeoffset]) }
    }

    It 'leaves no temporary files behind' {
        @(Get-ChildItem $renders -Force -Filter '*.tmp').Count | Should -Be 0
    }

    Context 'a second run' {
        BeforeAll {
            $script:before = Get-ChildItem $renders -Filter *.png | ForEach-Object { '{0}|{1}' -f $_.Name, $_.LastWriteTimeUtc.Ticks }
            $script:again = Invoke-ScheduledRender '-DropFolder', $drop, '-OutputFolder', $renders, '-LogPath', $log
        }

        It 'tries the failed input again and still exits 1, rendering nothing new' {
            $again.ExitCode | Should -Be 1 -Because $again.Output
            Get-ChildItem $renders -Filter *.png | ForEach-Object { '{0}|{1}' -f $_.Name, $_.LastWriteTimeUtc.Ticks } | Should -Be $before
            $added = @(Get-Content $log | Select-Object -Skip 3)
            $added.Count | Should -Be 1
            $added[0] | Should -Match "`tfailed`t.*broken\.png`t"
        }

        It 'exits 0 and renders nothing new once only rendered inputs remain' {
            Remove-Item (Join-Path $drop 'broken.png')
            $clean = Invoke-ScheduledRender '-DropFolder', $drop, '-OutputFolder', $renders, '-LogPath', $log
            $clean.ExitCode | Should -Be 0 -Because $clean.Output
            Get-ChildItem $renders -Filter *.png | ForEach-Object { '{0}|{1}' -f $_.Name, $_.LastWriteTimeUtc.Ticks } | Should -Be $before
            @(Get-Content $log).Count | Should -Be 4
        }

        It 'renders a new input that arrives, and an input whose output was deleted' {
            New-TestPng -Path (Join-Path $drop 'lake.png') -From 20, 40, 200 | Out-Null
            Remove-Item (Join-Path $renders 'tree.png')
            $more = Invoke-ScheduledRender '-DropFolder', $drop, '-OutputFolder', $renders, '-LogPath', $log
            $more.ExitCode | Should -Be 0 -Because $more.Output
            (Get-ChildItem $renders -Filter *.png).Name | Sort-Object | Should -Be @('house.png', 'lake.png', 'tree.png')
            @(Get-Content $log | Select-Object -Skip 4 | Where-Object { $_ -match "`trendered`t" }).Count | Should -Be 2
        }
    }
}

Describe 'Scheduled-Render.ps1 while another run holds the output folder' {
    It 'leaves the work to that run and exits 0' {
        $drop = New-Item -ItemType Directory (Join-Path $TestDrive 'drop-locked') | Select-Object -ExpandProperty FullName
        New-TestPng -Path (Join-Path $drop 'house.png') | Out-Null
        $out = New-Item -ItemType Directory (Join-Path $TestDrive 'out-locked') | Select-Object -ExpandProperty FullName
        # Held the way a running Scheduled-Render.ps1 holds it.
        $lock = [IO.File]::Open((Join-Path $out '.scheduled-render.lock'), 'OpenOrCreate', 'ReadWrite', 'None')
        try { $run = Invoke-ScheduledRender '-DropFolder', $drop, '-OutputFolder', $out }
        finally { $lock.Dispose() }
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'Another run'
        @(Get-ChildItem $out -Filter *.png).Count | Should -Be 0
        Get-Content (Join-Path $out 'Scheduled-Render.log') | Should -Match "`tskipped`t-`tAnother run is rendering"
    }
}

Describe 'Scheduled-Render.ps1 without its inputs' {
    It 'exits 1 and logs why when the drop folder is missing' {
        $log = Join-Path $TestDrive 'missing.log'
        $run = Invoke-ScheduledRender '-DropFolder', (Join-Path $TestDrive 'no-such-drop'), '-OutputFolder', (Join-Path $TestDrive 'out-missing'), '-LogPath', $log
        $run.ExitCode | Should -Be 1
        Get-Content $log | Should -Match "`tfailed`t-`t.*no-such-drop"
    }

    It 'fails the second of two inputs that would share an output' {
        $drop = New-Item -ItemType Directory (Join-Path $TestDrive 'drop-twins') | Select-Object -ExpandProperty FullName
        New-TestPng -Path (Join-Path $drop 'twin.png') | Out-Null
        Copy-Item (Join-Path $drop 'twin.png') (Join-Path $drop 'twin.webp')
        $out = Join-Path $TestDrive 'out-twins'
        $run = Invoke-ScheduledRender '-DropFolder', $drop, '-OutputFolder', $out, '-LogPath', (Join-Path $out 'run.log')
        $run.ExitCode | Should -Be 1
        (Get-ChildItem $out -Filter *.png).Name | Should -Be 'twin.png'
        Get-Content (Join-Path $out 'run.log') | Where-Object { $_ -match "`tfailed`t" } | Should -Match 'twin\.webp.*OutputNameTaken'
    }
}

Describe 'Scheduled-Render.ps1 with an output folder it cannot use' {
    It 'exits 1 and logs why when -OutputFolder names a file' {
        $drop = New-Item -ItemType Directory (Join-Path $TestDrive 'drop-file-out') | Select-Object -ExpandProperty FullName
        New-TestPng -Path (Join-Path $drop 'house.png') | Out-Null
        $file = Join-Path $TestDrive 'renders-is-a-file'
        Set-Content $file 'a file, not a folder'
        $log = Join-Path $TestDrive 'file-out.log'
        $run = Invoke-ScheduledRender '-DropFolder', $drop, '-OutputFolder', $file, '-LogPath', $log
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $run.Output | Should -Not -Match 'Another run'
        Get-Content $log | Should -Match "`tfailed`t-`t.*renders-is-a-file' is a file, not a folder"
    }

    It 'exits 1 and logs why when its lock file cannot be made in the folder' {
        $drop = New-Item -ItemType Directory (Join-Path $TestDrive 'drop-bad-lock') | Select-Object -ExpandProperty FullName
        New-TestPng -Path (Join-Path $drop 'house.png') | Out-Null
        $out = New-Item -ItemType Directory (Join-Path $TestDrive 'out-bad-lock') | Select-Object -ExpandProperty FullName
        # A folder where the lock file should be: opening it fails, and not because another run holds it.
        New-Item -ItemType Directory (Join-Path $out '.scheduled-render.lock') | Out-Null
        $run = Invoke-ScheduledRender '-DropFolder', $drop, '-OutputFolder', $out
        $run.ExitCode | Should -Be 1 -Because $run.Output
        Get-Content (Join-Path $out 'Scheduled-Render.log') | Should -Match "`tfailed`t-`tCannot use the output folder .*lock file"
        @(Get-ChildItem $out -Filter *.png).Count | Should -Be 0
    }
}

Describe 'Scheduled-Render.ps1 and the process its lock file names' {
    BeforeAll {
        $script:drop = New-Item -ItemType Directory (Join-Path $TestDrive 'drop-stale') | Select-Object -ExpandProperty FullName
        New-TestPng -Path (Join-Path $drop 'house.png') | Out-Null

        function New-LockedOutput {
            # An output folder whose lock file names a process, as a run killed outright leaves it.
            param([string] $Name, [int] $ProcessId, [datetimeoffset] $StartTime)
            $out = New-Item -ItemType Directory (Join-Path $TestDrive $Name) | Select-Object -ExpandProperty FullName
            @{ ProcessId = $ProcessId; ProcessStartTime = $StartTime.ToString('o') } | ConvertTo-Json |
                Set-Content (Join-Path $out '.scheduled-render.lock')
            $out
        }
    }

    It 'takes over a lock whose process has ended, saying so, and empties it when done' {
        $gone = 4000000
        while (Get-Process -Id $gone -ErrorAction Ignore) { $gone++ }
        $out = New-LockedOutput 'out-stale' $gone ([datetimeoffset]::Now.AddHours(-1))
        # The temporary file Save-Image was writing when that run was killed.
        Set-Content (Join-Path $out '.tree.png.0123456789abcdef0123456789abcdef.tmp') 'half a render'
        $run = Invoke-ScheduledRender '-DropFolder', $drop, '-OutputFolder', $out, '-Verbose'
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match "Took over the lock .* from process $gone"
        @(Get-ChildItem $out -Force -Filter '*.tmp').Count | Should -Be 0
        (Get-ChildItem $out -Filter *.png).Name | Should -Be 'house.png'
        $lines = @(Get-Content (Join-Path $out 'Scheduled-Render.log'))
        $lines[0] | Should -Match "`ttook-over`t-`tTook over the lock .* from process $gone .*which has ended"
        $lines[1] | Should -Match "`trendered`t"
        (Get-Content -Raw (Join-Path $out '.scheduled-render.lock')) | Should -BeNullOrEmpty
    }

    It 'takes over a lock naming a process id now used by another process' {
        # This test process's id, with a start time that is not this process's: the id was reused.
        $out = New-LockedOutput 'out-reused' $PID ([datetimeoffset]::new(2001, 1, 1, 0, 0, 0, [timespan]::Zero))
        $run = Invoke-ScheduledRender '-DropFolder', $drop, '-OutputFolder', $out
        $run.ExitCode | Should -Be 0 -Because $run.Output
        (Get-ChildItem $out -Filter *.png).Name | Should -Be 'house.png'
        Get-Content (Join-Path $out 'Scheduled-Render.log') | Select-Object -First 1 | Should -Match "`ttook-over`t.*process $PID "
    }

    It 'leaves a lock naming a live process alone, even when the file itself is not locked' {
        $self = [Diagnostics.Process]::GetCurrentProcess()
        $out = New-LockedOutput 'out-live' $PID $self.StartTime
        $run = Invoke-ScheduledRender '-DropFolder', $drop, '-OutputFolder', $out
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'Another run'
        @(Get-ChildItem $out -Filter *.png).Count | Should -Be 0
        Get-Content (Join-Path $out 'Scheduled-Render.log') | Should -Match "`tskipped`t-`tAnother run is rendering"
        (Get-Content -Raw (Join-Path $out '.scheduled-render.lock') | ConvertFrom-Json).ProcessId | Should -Be $PID
    }
}

Describe 'Scheduled-Render.ps1 stopped while it renders' {
    BeforeAll {
        function New-SlowDrop {
            # The demo model is fast: 1000 steps on a 2048×2048 input take seconds, so the first render is still
            # going when the run is stopped.
            param([string] $Name)
            $drop = New-Item -ItemType Directory (Join-Path $TestDrive $Name) | Select-Object -ExpandProperty FullName
            New-TestPng -Path (Join-Path $drop 'big.png') -Width 2048 -Height 2048 | Out-Null
            New-TestPng -Path (Join-Path $drop 'next.png') | Out-Null
            $drop
        }

        function Wait-LockHeld {
            # The run holds its lock once it has started rendering; until then the lock file can be opened.
            param([string] $Path, [scriptblock] $StillRunning)
            $deadline = [DateTime]::UtcNow.AddSeconds(90)
            while ([DateTime]::UtcNow -lt $deadline -and (& $StillRunning)) {
                try { [IO.File]::Open($Path, 'OpenOrCreate', 'ReadWrite', 'None').Dispose() }
                catch { return $true }
                Start-Sleep -Milliseconds 100
            }
            $false
        }

        function Assert-StoppedCleanly {
            param([string] $Out, [string] $Drop)
            # Released: the lock can be taken, and names no process.
            $lockPath = Join-Path $Out '.scheduled-render.lock'
            [IO.File]::Open($lockPath, 'Open', 'ReadWrite', 'None').Dispose()
            (Get-Content -Raw $lockPath) | Should -BeNullOrEmpty
            # Nothing partial: no output for the stopped render, no temporary file, and the next input untouched.
            @(Get-ChildItem $Out -Force | Where-Object Name -NotIn '.scheduled-render.lock', 'Scheduled-Render.log').Name | Should -BeNullOrEmpty
            Get-Content (Join-Path $Out 'Scheduled-Render.log') | Should -Match "`tstopped`t$([regex]::Escape((Join-Path $Drop 'big.png')))`tRunStopped: "
        }
    }

    It 'exits 130 on SIGINT (Ctrl+C), releasing the lock and leaving nothing partial' {
        if ($IsWindows) {
            Set-ItResult -Skipped -Because 'a console Ctrl+C cannot be sent to one child process on Windows; the Stop() test covers it'
            return
        }
        $drop = New-SlowDrop 'drop-sigint'
        $out = Join-Path $TestDrive 'out-sigint'
        $pwsh = @(Get-ChildPwsh)
        $start = [Diagnostics.ProcessStartInfo]::new($pwsh[0])
        $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $scriptPath,
            '-ModulePath', $env:INVOKEAI_TEST_MODULE, '-DropFolder', $drop, '-OutputFolder', $out, '-Prompt', 'fire', '-Strength', '1', '-Steps', '1000')
        foreach ($argument in $arguments) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($start)
        try {
            $outputRead = $process.StandardOutput.ReadToEndAsync()
            $errorsRead = $process.StandardError.ReadToEndAsync()
            Wait-LockHeld (Join-Path $out '.scheduled-render.lock') { -not $process.HasExited } | Should -BeTrue
            # Past the lock and into the first (long) render.
            Start-Sleep -Seconds 1.5
            $process.HasExited | Should -BeFalse -Because 'the render should still be going'
            & kill -INT $process.Id
            $process.WaitForExit(60000) | Should -BeTrue -Because 'SIGINT should stop the run'
            $process.WaitForExit()
            $process.ExitCode | Should -Be 130 -Because "$($outputRead.Result)$($errorsRead.Result)"
        }
        finally {
            if (-not $process.HasExited) { $process.Kill($true) }
            $process.Dispose()
        }
        Assert-StoppedCleanly $out $drop
    }

    It 'releases the lock and leaves nothing partial when the host stops the script (PowerShell.Stop)' {
        $drop = New-SlowDrop 'drop-stop'
        $out = Join-Path $TestDrive 'out-stop'
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand($scriptPath).AddParameters(@{
                    ModulePath = $env:INVOKEAI_TEST_MODULE; DropFolder = $drop; OutputFolder = $out; Prompt = 'fire'; Strength = 1.0; Steps = 1000 })
            $running = $shell.BeginInvoke()
            Wait-LockHeld (Join-Path $out '.scheduled-render.lock') { -not $running.IsCompleted } | Should -BeTrue
            Start-Sleep -Seconds 1.5
            $running.IsCompleted | Should -BeFalse -Because 'the render should still be going'
            $shell.Stop()
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $shell.Dispose() }
        Assert-StoppedCleanly $out $drop
    }
}

# The drop folder of the files that really turn up: a decompression bomb, a half-copied photo, a FIFO, an image too
# small to render and a phone photo turned on its side, among good sketches. An unattended run must render the good
# ones, report each bad one once by name, leave nothing partial, exit 1, and try the bad ones again next time.
Describe 'Scheduled-Render.ps1 with a hostile drop folder' {
    BeforeAll {
        $script:drop = New-Item -ItemType Directory (Join-Path $TestDrive 'hostile') | Select-Object -ExpandProperty FullName
        $script:renders = Join-Path $TestDrive 'hostile-renders'
        $script:log = Join-Path $TestDrive 'hostile.log'
        foreach ($name in 'a-good', 'z-good') { New-TestPng -Path (Join-Path $drop "$name.png") -Width 64 -Height 64 | Out-Null }

        # A PNG whose header declares 30000×30000.
        $png = Set-TestPngSize ([IO.File]::ReadAllBytes((Join-Path $drop 'a-good.png'))) 30000 30000
        [IO.File]::WriteAllBytes((Join-Path $drop 'b-bomb.png'), $png)

        $half = New-TestPng -Path (Join-Path $drop 'c-half.png') -Width 64 -Height 64
        $bytes = [IO.File]::ReadAllBytes($half.FullName)
        [IO.File]::WriteAllBytes($half.FullName, $bytes[0..($bytes.Length / 2)])
        New-TestPng -Path (Join-Path $drop 'd-tiny.png') -Width 1 -Height 1 | Out-Null
        $script:hasFifo = [bool](Get-Command mkfifo -CommandType Application -ErrorAction Ignore)
        if ($hasFifo) { mkfifo (Join-Path $drop 'e-fifo.png') }

        $script:expectedFailures = [ordered]@{
            'b-bomb.png' = 'InitImageTooLarge'
            'c-half.png' = 'InitImageTruncated'
            'd-tiny.png' = 'InitImageSizeInvalid'
        }
        if ($hasFifo) { $expectedFailures['e-fifo.png'] = 'InitImageNotARegularFile' }

        $clock = [Diagnostics.Stopwatch]::StartNew()
        $script:run = Invoke-ScheduledRender '-DropFolder', $drop, '-OutputFolder', $renders, '-LogPath', $log
        $script:seconds = $clock.Elapsed.TotalSeconds
    }

    It 'exits 1, in seconds: nothing is decoded in full, nothing blocks' {
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $seconds | Should -BeLessThan 60
    }

    It 'renders the good files and nothing else' {
        (Get-ChildItem $renders -Filter *.png).Name | Sort-Object | Should -Be @('a-good.png', 'z-good.png')
        @(Get-ChildItem $renders -Force | Where-Object Name -like '*.tmp').Count | Should -Be 0
    }

    It 'logs each bad file once, by name, with its own error id' {
        $failed = @(Get-Content $log | ForEach-Object { , ($_ -split "`t") } | Where-Object { $_[1] -eq 'failed' })
        $failed.Count | Should -Be $expectedFailures.Count
        foreach ($name in $expectedFailures.Keys) {
            $line = @($failed | Where-Object { $_[2] -eq (Join-Path $drop $name) })
            $line.Count | Should -Be 1 -Because "$name is reported once"
            $line[0][3] | Should -BeLike "$($expectedFailures[$name]): *"
        }
    }

    It 'tries the bad files again on the next run, and leaves the good renders alone' {
        $before = Get-ChildItem $renders -Filter *.png | ForEach-Object { '{0}|{1}' -f $_.Name, $_.LastWriteTimeUtc.Ticks }
        $again = Invoke-ScheduledRender '-DropFolder', $drop, '-OutputFolder', $renders, '-LogPath', $log
        $again.ExitCode | Should -Be 1
        Get-ChildItem $renders -Filter *.png | ForEach-Object { '{0}|{1}' -f $_.Name, $_.LastWriteTimeUtc.Ticks } | Should -Be $before
        @(Get-Content $log | Where-Object { ($_ -split "`t")[1] -eq 'failed' }).Count | Should -Be (2 * $expectedFailures.Count)
    }
}

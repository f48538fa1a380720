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

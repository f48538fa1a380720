# Invoke-Img2Img -ThrottleLimit: a folder spread over two CPU sessions of one model in one process renders the same
# pixels as one at a time, in input order (or as they finish with -Unordered), reports a bad file once, and stops on
# Ctrl+C leaving both sessions usable.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:folder = Join-Path $TestDrive 'sketches'
    New-Item -ItemType Directory $folder | Out-Null
    foreach ($n in 1..6) {
        $null = New-TestPng -Path (Join-Path $folder "sketch$n.png") -Width 64 -Height 64 -From @((30 * $n), 40, 200) -To @(200, (20 * $n), 40)
    }
    Set-Content (Join-Path $folder 'sketch4b.png') 'not an image'
    function script:PixelsOf($image) { [Convert]::ToBase64String([byte[]]$image.Pixels.Pixels) }
}

Describe 'Invoke-Img2Img -ThrottleLimit over the open sessions of a model' {
    BeforeEach {
        Close-DiffusionSession -All
        $script:sessions = @(0, 1 | ForEach-Object { Open-DiffusionSession -Provider Cpu -DeviceId $_ })
    }
    AfterAll { Close-DiffusionSession -All }

    It 'renders a folder over two sessions with the same pixels as one at a time, in input order, the bad file reported once' {
        $sessions.Count | Should -Be 2
        $files = Get-ChildItem $folder -Filter *.png | Sort-Object Name
        $serial = @($files | Invoke-Img2Img -Prompt 'fire ocean' -Steps 4 -Seed 9 -ErrorAction SilentlyContinue)
        $spread = @($files | Invoke-Img2Img -Prompt 'fire ocean' -Steps 4 -Seed 9 -ThrottleLimit 2 -ErrorVariable problems -ErrorAction SilentlyContinue)

        $spread.Count | Should -Be 6
        $spread.SourcePath | Should -Be $serial.SourcePath
        ($spread | ForEach-Object { PixelsOf $_ }) | Should -Be ($serial | ForEach-Object { PixelsOf $_ })
        @($problems).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InitImageUnreadable,*'
        "$($problems[0])" | Should -BeLike '*sketch4b.png*'
        # Both sessions rendered.
        $after = Get-DiffusionSession | Sort-Object DeviceId
        $after | ForEach-Object { $_.RendersCompleted | Should -BeGreaterThan 0 }
    }

    It 'writes every image as it finishes with -Unordered' {
        $files = Get-ChildItem $folder -Filter 'sketch?.png'
        $spread = @($files | Invoke-Img2Img -Prompt 'fire' -Steps 3 -Seed 1 -ThrottleLimit 2 -Unordered)
        ($spread.SourcePath | Sort-Object) | Should -Be ($files.FullName | Sort-Object)
    }

    It 'shows a step bar per session under the one batch bar' {
        $files = Get-ChildItem $folder -Filter 'sketch?.png'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:INVOKEAI_TEST_MODULE).Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddCommand('Invoke-Img2Img').AddParameter('Prompt', 'fire').AddParameter('LiteralPath', $files.FullName).
                AddParameter('Steps', 3).AddParameter('ThrottleLimit', 2).Invoke()
            $batch = @($ps.Streams.Progress | Where-Object ActivityId -eq 1)
            $batch[-1].RecordType | Should -Be 'Completed'
            $batch[-1].StatusDescription | Should -Be '6 rendered'
            $steps = @($ps.Streams.Progress | Where-Object { $_.ParentActivityId -eq 1 })
            ($steps.ActivityId | Sort-Object -Unique) | Should -Be @(2, 3)
        }
        finally { $ps.Dispose() }
    }

    It 'warns that renders run one at a time when only one session of the model is open' {
        Close-DiffusionSession -All
        $files = Get-ChildItem $folder | Where-Object Name -in 'sketch1.png', 'sketch2.png'
        $images = @($files | Invoke-Img2Img -Prompt 'fire' -Steps 2 -ThrottleLimit 4 -WarningVariable warned -WarningAction SilentlyContinue)
        $images.Count | Should -Be 2
        "$warned" | Should -BeLike '*Only one session*-DeviceId 0,1*'
    }

    It 'stops every render on Ctrl+C and leaves both sessions usable' {
        $big = @(foreach ($n in 1..4) { New-TestPng -Path (Join-Path $TestDrive "big$n.png") -Width 256 -Height 256 -From @((40 * $n), 40, 40) })
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:INVOKEAI_TEST_MODULE).Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddCommand('Invoke-Img2Img').AddParameter('Prompt', 'fire').AddParameter('LiteralPath', $big.FullName).
                AddParameter('Steps', 1000).AddParameter('Strength', 1.0).AddParameter('ThrottleLimit', 2)
            $running = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (@($ps.Streams.Progress | Where-Object StatusDescription -Match '^Step' | Select-Object -ExpandProperty ActivityId -Unique).Count -lt 2 -and
                [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 20
            }
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 30
        }
        finally { $ps.Dispose() }
        foreach ($session in Get-DiffusionSession) {
            (Invoke-Img2Img 'fire' (Join-Path $folder 'sketch1.png') -Session $session -Steps 2 -Strength 0.5).StepsTaken | Should -Be 1
        }
    }
}

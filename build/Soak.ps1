<#
.SYNOPSIS
    Renders the demo model many times in one session and fails when memory grows or the rate falls; run by
    `build.ps1 -Task Soak`, never by the tests.
.DESCRIPTION
    A long-running host (a scheduled batch, a service) renders thousands of images in one process: native
    buffers or managed objects kept per render would only show there. This renders -Renders small images
    (the example sketches at 256, 384 and 512 px, 20 steps at strength 0.75: a real render's shape at the demo model's speed) through one session and reports, at
    renders 50, 150 and the last, the renders per second since the previous checkpoint and the process's
    working set after a full garbage collection (so garbage waiting to be collected is not counted as growth).

    It fails when the working set grows between render 50 (the model loaded, every buffer size seen) and the
    last by more than -GrowthToleranceMB, or when the rate of the last stretch falls below -MinimumRateRatio of
    the rate between 50 and 150.

    Then, in a fresh pwsh so its memory is its own, it renders a hostile batch: the sketches plus a PNG whose
    header declares 30000×30000 pixels (a few hundred bytes on disk, gigabytes if decoded), and reports that
    process's peak working set and what became of each file. It is reported, not judged: refusing such files
    before decoding is the loader's job and its own tests'.

    The figures go to -ResultPath as JSON.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDirectory,
    [Parameter(Mandatory)] [string] $ResultPath,
    [ValidateRange(150, 100000)] [int] $Renders = 300,
    # A batch that refuses its bomb from the header stays near an ordinary one's working set (about 200 MB).
    [int] $HostilePeakLimitMB = 1024,
    # Flat today (a few MB of noise); a leak of even 100 KB per render adds 25 MB over 250 renders.
    [double] $GrowthToleranceMB = 32,
    # Two shared cores make single stretches noisy; only a collapse, not jitter, is a failure.
    [double] $MinimumRateRatio = 0.5
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$ProgressPreference = 'SilentlyContinue'
Import-Module $ModuleDirectory -Force

$work = Join-Path ([IO.Path]::GetTempPath()) "invokeai-soak-$PID"
New-Item -ItemType Directory $work -Force | Out-Null
try {
    # Small init files on disk, so every render also reads and decodes a file as a batch does.
    $sketches = Get-ChildItem (Join-Path $PSScriptRoot '../examples/sketches') -Filter *.png -File
    $inits = foreach ($side in 256, 384, 512) {
        foreach ($sketch in $sketches) {
            $sketch | Resize-InitImage -Width $side -Height $side -WarningAction SilentlyContinue |
                Save-Image -Directory $work -Path "$($sketch.BaseName)-$side.png" -PassThru
        }
    }

    function Get-SettledWorkingSetMB {
        # The working set once collectable garbage is gone: what the process keeps, not what it has yet to free.
        [GC]::Collect()
        [GC]::WaitForPendingFinalizers()
        [GC]::Collect()
        $process = [Diagnostics.Process]::GetCurrentProcess()
        [math]::Round($process.WorkingSet64 / 1MB, 1)
    }

    $checkpoints = @(50, 150, $Renders)
    $samples = [Collections.Generic.List[object]]::new()
    $session = Open-DiffusionSession
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $stretchStart = [TimeSpan]::Zero
    $previous = 0
    for ($render = 1; $render -le $Renders; $render++) {
        $init = $inits[($render - 1) % $inits.Count]
        Invoke-Img2Img 'a watercolour painting' $init.FullName -Session $session -Steps 20 -Strength 0.75 -Seed $render | Out-Null
        if ($render -in $checkpoints) {
            $elapsed = $clock.Elapsed
            $rate = ($render - $previous) / ($elapsed - $stretchStart).TotalSeconds
            $samples.Add([pscustomobject]@{
                    Render         = $render
                    RendersPerSec  = [math]::Round($rate, 2)
                    WorkingSetMB   = Get-SettledWorkingSetMB
                    ElapsedSeconds = [math]::Round($elapsed.TotalSeconds, 1)
                })
            Write-Host ('render {0,4}: {1,6:N2} renders/s, working set {2,7:N1} MB' -f $render, $rate, $samples[-1].WorkingSetMB)
            # The collection above is not render time.
            $stretchStart = $clock.Elapsed
            $previous = $render
        }
    }
    $growth = [math]::Round($samples[-1].WorkingSetMB - $samples[0].WorkingSetMB, 1)
    $rateRatio = [math]::Round($samples[-1].RendersPerSec / $samples[1].RendersPerSec, 2)
    $rendersCompleted = $session.RendersCompleted
    Close-DiffusionSession -All

    $hostile = & (Join-Path $PSScriptRoot 'Invoke-HostileBatch.ps1') -ModuleDirectory $ModuleDirectory -Sketches $sketches -WorkDirectory $work

    $result = [ordered]@{
        Renders                = $Renders
        RendersCompleted       = $rendersCompleted
        Checkpoints            = $samples
        WorkingSetGrowthMB     = $growth
        GrowthToleranceMB      = $GrowthToleranceMB
        LastToMiddleRateRatio  = $rateRatio
        MinimumRateRatio       = $MinimumRateRatio
        PeakWorkingSetMB       = [math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB, 1)
        HostileBatch           = $hostile
    }
    $result | ConvertTo-Json -Depth 5 | Set-Content $ResultPath
    [pscustomobject]$result | Format-List Renders, RendersCompleted, WorkingSetGrowthMB, LastToMiddleRateRatio, PeakWorkingSetMB | Out-String | Write-Host
    Write-Host ('Hostile batch: peak working set {0} MB; {1}' -f $hostile.PeakWorkingSetMB, (($hostile.Files | ForEach-Object { "$($_.Name) $($_.Outcome)" }) -join ', '))

    $failures = @()
    if ($rendersCompleted -ne $Renders) { $failures += "the session counted $rendersCompleted renders, not $Renders" }
    if ($growth -gt $GrowthToleranceMB) { $failures += "the working set grew $growth MB between render $($samples[0].Render) and $Renders (tolerance $GrowthToleranceMB MB)" }
    if ($rateRatio -lt $MinimumRateRatio) { $failures += "the last stretch ran at $rateRatio× the rate of renders 50–150 (minimum $MinimumRateRatio×)" }
    # The hostile batch: its child process must finish, refuse the bomb from its header and stay small doing it.
    $bomb = $hostile.Files | Where-Object Name -eq 'huge-header.png'
    if ($hostile.ProcessExitCode -ne 0) { $failures += "the hostile batch's process exited $($hostile.ProcessExitCode): $($hostile.Output)" }
    if ($bomb.Outcome -ne 'failed: InitImageTooLarge') { $failures += "the PNG declaring 30000×30000 was '$($bomb.Outcome)', not refused as InitImageTooLarge" }
    if ($hostile.PeakWorkingSetMB -gt $HostilePeakLimitMB) { $failures += "the hostile batch peaked at $($hostile.PeakWorkingSetMB) MB (limit $HostilePeakLimitMB MB)" }
    if ($failures) { throw "Soak targets missed: $($failures -join '; ')" }
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

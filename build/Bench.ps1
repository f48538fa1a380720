<#
.SYNOPSIS
    Times renders of a real-architecture model and of the built-in demo model; run by `build.ps1 -Task Bench`,
    never by the tests.
.DESCRIPTION
    Model part (-Model, or by default the bench-sd-lp fixture: SD 1.5 layout at reduced width, random weights), the
    measurements issue 11 asks for:
      - load, each in a fresh pwsh: without the optimised-model cache, with an empty cache (populating it) and
        with the populated cache;
      - peak working set, each in a fresh pwsh: one VAE-only render (-Strength 0) at 512², 1024² and 2048², tiled and
        untiled (untiled 2048² only when more than 22 GB are free);
      - the first 512² render after load, warm 512² renders, the first 256² render after them (a new size), warm
        256² renders (20 steps × strength 0.6, k_lms; medians), each with its stages, the sum of its ONNX Runtime
        Run times, the engine's overhead ratio (render wall / that sum) and its managed bytes per denoising step;
      - renders/s of a -BatchSize batch of 256² images with one prompt in one Invoke-Img2Img call, and whether only
        its first render encoded the prompt;
      - the same warm 512² render in a session with one intra-op thread (the old session options), for the speed-up;
      - throughput of the -BatchSize batch over 1 worker (one session, all cores) and over 2 workers (Invoke-Img2Img
        -ThrottleLimit 2 over two CPU sessions, each given half the cores), and the speed-up of 2 over 1.
    Every render figure comes from the engine's -Verbose lines; a line a module does not write leaves its column
    empty (null in the JSON), so the script also measures older builds.
    When no -Model is given, the fixture's weights are generated into out/bench-model (python3 and the fixture folder
    needed: $env:INVOKEAI_BENCH_FIXTURE, else /work/shared/fixtures/bench-sd-lp); without them only the demo model is
    measured, and the report says so.
    Demo part: the first render (model load included) and later renders of the built-in demo model, checked against
    its targets. Writes one table (bench.txt) and JSON (bench.json) to -ResultDirectory, then each issue-11 target
    with its measured value and PASS or MISS: those are reported, never thrown. Only a missed demo target fails.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDirectory,
    [Parameter(Mandatory)] [string] $ResultDirectory,
    # A model folder to measure; by default a bench-sd-lp copy with weights, made under -ResultDirectory's parent.
    [string] $Model,
    # Warm renders per size (the median is reported). 1 keeps a real-size SD 1.5 run to about half an hour.
    [ValidateRange(1, 20)] [int] $WarmRuns = 3,
    # Images in the one-prompt batch (rendered at 256²).
    [ValidateRange(2, 100)] [int] $BatchSize = 10,
    # Skip the peak-memory renders (six fresh processes, up to 2048²).
    [switch] $SkipMemory,
    # Skip the three load measurements (three fresh processes).
    [switch] $SkipLoad
)
$ErrorActionPreference = 'Stop'
# Full paths: the fresh processes below import the module and write the cache from their own folders.
$ModuleDirectory = (Resolve-Path $ModuleDirectory).Path
Import-Module $ModuleDirectory -Force
$sketches = @(Get-ChildItem (Join-Path $PSScriptRoot '../examples/sketches') -Filter *.png -File | Sort-Object Name)
$sketch = Join-Path $PSScriptRoot '../examples/sketches/fireplace.png'
New-Item -ItemType Directory -Force $ResultDirectory | Out-Null
$ResultDirectory = (Resolve-Path $ResultDirectory).Path

# The render every timed row repeats: 20 steps × strength 0.6 = 12 denoising steps.
$RenderArgs = @{ Steps = 20; Strength = 0.6; Sampler = 'k_lms' }
$Prompt = 'a fireplace'


function Get-Median([double[]] $values) {
    $sorted = @($values | Sort-Object)
    if ($sorted.Count -eq 0) { return $null }
    $mid = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$mid] }
    ($sorted[$mid - 1] + $sorted[$mid]) / 2
}

function Round($value, [int] $digits = 2) { $null -eq $value ? $null : [math]::Round([double]$value, $digits) }

function Format-Times($ratio) { $null -eq $ratio ? 'not measured' : [string]::Format([cultureinfo]::InvariantCulture, '{0:0.00}×', $ratio) }

# The bench-sd-lp fixture ships without its weights (~443 MB); its own standard-library script writes them.
function Get-BenchModel {
    $fixture = $env:INVOKEAI_BENCH_FIXTURE ? $env:INVOKEAI_BENCH_FIXTURE : '/work/shared/fixtures/bench-sd-lp'
    $target = Join-Path (Split-Path $ResultDirectory -Parent) 'bench-model'
    $subModels = 'text_encoder', 'unet', 'vae_encoder', 'vae_decoder'
    $haveWeights = { param($dir) -not ($subModels | Where-Object { -not (Test-Path (Join-Path $dir "$_/model.onnx_data")) }) }
    if (& $haveWeights $target) { return @{ Path = $target; Why = "bench-sd-lp ($target)" } }
    $python = Get-Command python3 -ErrorAction SilentlyContinue
    if (-not $python) { return @{ Path = $null; Why = 'no python3: bench-sd-lp weights cannot be generated' } }
    if (-not (Test-Path (Join-Path $fixture 'make_weights.py'))) {
        return @{ Path = $null; Why = "no bench-sd-lp fixture at $fixture" }
    }
    Write-Host "Generating bench-sd-lp weights into $target (~443 MB, ~30 s)"
    Remove-Item $target -Recurse -Force -ErrorAction SilentlyContinue
    & $python.Source (Join-Path $fixture 'make_weights.py') --out $target | Out-Host
    if ($LASTEXITCODE -ne 0 -or -not (& $haveWeights $target)) {
        return @{ Path = $null; Why = "make_weights.py failed (exit $LASTEXITCODE)" }
    }
    @{ Path = $target; Why = "bench-sd-lp ($target)" }
}

# An init image of exactly $size², distinct for each $variant. Distinct pixels matter: the model caches each init
# image's latent by its pixels, so repeating one image would leave every later render without its VAE encode.
function New-InitImage([int] $size, [int] $variant) {
    $source = $sketches[$variant % $sketches.Count].FullName
    $image = Resize-InitImage $source -Width $size -Height $size -AllowUpscale -WarningAction SilentlyContinue
    $bytes = $image.Pixels.Pixels
    $bytes[0] = [byte]($variant % 256)
    $bytes[4] = [byte]([math]::Floor($variant / 256) % 256)
    $image
}

# What one render's -Verbose lines say. A line the module does not write leaves its field null.
function ConvertFrom-RenderVerbose([string[]] $lines) {
    $r = [ordered]@{ TextEncoding = $null; VaeEncode = $null; VaeTiled = $null; Steps = $null; Denoising = $null
        VaeDecode = $null; ModelRunSeconds = $null; ModelRunCalls = $null; EngineRenderSeconds = $null
        OverheadRatio = $null; ManagedBytesPerStep = $null }
    foreach ($line in $lines) {
        if ($line -match '^Text encoding: ([\d.]+) s') { $r.TextEncoding = [double]$Matches[1] }
        elseif ($line -match '^VAE encoding of \S+?( in tiles)?: ([\d.]+) s') {
            $r.VaeEncode = [double]$Matches[2]; $r.VaeTiled = [bool]$Matches[1]
        }
        elseif ($line -match '^Denoising: (\d+) steps .* in ([\d.]+) s') { $r.Steps = [int]$Matches[1]; $r.Denoising = [double]$Matches[2] }
        elseif ($line -match '^VAE decoding(?: in tiles)?: ([\d.]+) s') { $r.VaeDecode = [double]$Matches[1] }
        elseif ($line -match '^Model runs: ([\d.]+) s in (\d+) calls; render ([\d.]+) s') {
            $r.ModelRunSeconds = [double]$Matches[1]; $r.ModelRunCalls = [int]$Matches[2]; $r.EngineRenderSeconds = [double]$Matches[3]
        }
        elseif ($line -match '^Managed allocation while denoising: ([\d,]+) bytes per step') {
            $r.ManagedBytesPerStep = [long]($Matches[1] -replace ',', '')
        }
    }
    # The engine's own ratio: its render wall over the ONNX Runtime time inside it.
    if ($r.ModelRunSeconds -gt 0) { $r.OverheadRatio = Round ($r.EngineRenderSeconds / $r.ModelRunSeconds) 3 }
    $r
}

function Get-VerboseMessages($stream) {
    @($stream | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message)
}

# One render in $session; returns the cmdlet's wall seconds, what its -Verbose lines say, and the managed bytes the
# whole process allocated during it (which also counts PowerShell's own work: the engine's per-step line is the one
# the target uses).
function Invoke-TimedRender($session, $image, [int] $seed, [string] $prompt = $Prompt) {
    $allocated = [GC]::GetTotalAllocatedBytes($true)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $stream = Invoke-Img2Img $prompt -InitImage $image -Session $session -Seed $seed -Width $image.Width -Height $image.Height `
        @RenderArgs -Verbose -WarningAction SilentlyContinue 4>&1
    $seconds = $clock.Elapsed.TotalSeconds
    $r = ConvertFrom-RenderVerbose (Get-VerboseMessages $stream)
    $r.Seconds = $seconds
    $r.ManagedBytesWholeRender = [GC]::GetTotalAllocatedBytes($true) - $allocated
    # The cmdlet's wall over the model runs: the engine's ratio plus the cmdlet's own work around the render.
    $r.CmdletRatio = $r.ModelRunSeconds -gt 0 ? (Round ($seconds / $r.ModelRunSeconds) 3) : $null
    [pscustomobject]$r
}

# The median of each field over several renders of one kind.
function Get-RenderMedians($renders) {
    $out = [ordered]@{}
    foreach ($field in 'Seconds', 'TextEncoding', 'VaeEncode', 'Denoising', 'VaeDecode', 'ModelRunSeconds',
        'EngineRenderSeconds', 'OverheadRatio', 'CmdletRatio', 'ManagedBytesPerStep', 'ManagedBytesWholeRender') {
        $values = @($renders | ForEach-Object { $_.$field } | Where-Object { $null -ne $_ })
        $out[$field] = $values.Count ? (Round (Get-Median $values) 3) : $null
    }
    [pscustomobject]$out
}

# A fresh pwsh of the same installation (under `dotnet pwsh` the process is dotnet, pwsh.dll its argument), so that
# loads and peak memory are each measured from a clean process. $code prints one "BENCH-RESULT <json>" line, which
# is returned as an object with .Result; .Failure says why there is none. While it runs, the child is stopped once
# less than $MemoryFloorGB stays free: an untiled 2048² render can outgrow the machine, and the kernel's OOM killer
# would then pick a process of its own choosing. .StoppedAtMB is then its working set, a lower bound of its need.
$MemoryFloorGB = 1.5
function Invoke-FreshPwsh([string] $code) {
    $start = [Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    if ([IO.Path]::GetFileNameWithoutExtension($start.FileName) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
    foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', $code) { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $child = [Diagnostics.Process]::Start($start)
    $stdout = $child.StandardOutput.ReadToEndAsync()
    $stderr = $child.StandardError.ReadToEndAsync()
    $stoppedAtMB = $null
    while (-not $child.WaitForExit(250)) {
        $free = Get-AvailableMemoryGB
        if ($null -eq $stoppedAtMB -and $null -ne $free -and $free -lt $MemoryFloorGB) {
            $child.Refresh()
            $stoppedAtMB = [long]($child.WorkingSet64 / 1MB)
            $child.Kill($true)
        }
    }
    $child.WaitForExit()
    $out = [pscustomobject]@{ Result = $null; Failure = $null; StoppedAtMB = $stoppedAtMB }
    $line = @($stdout.Result -split '\r?\n' | Where-Object { $_ -like 'BENCH-RESULT *' }) | Select-Object -Last 1
    if ($null -ne $stoppedAtMB) { $out.Failure = "stopped at $stoppedAtMB MB, still growing, when less than $MemoryFloorGB GB was left free: needs more" }
    elseif ($child.ExitCode -eq 137) { $out.Failure = 'killed (out of memory)' }
    elseif ($child.ExitCode -ne 0 -or -not $line) {
        $out.Failure = "failed (exit $($child.ExitCode))"
        Write-Warning "A fresh pwsh failed (exit $($child.ExitCode)): $((($stderr.Result -split '\n') | Select-Object -Last 5) -join ' | ')"
    }
    else { $out.Result = $line.Substring('BENCH-RESULT '.Length) | ConvertFrom-Json }
    $child.Dispose()
    $out
}

function Quote([string] $text) { "'" + ($text -replace "'", "''") + "'" }

# Open-DiffusionSession's own time in a fresh process (the module import is not counted), optionally with the cache.
function Measure-FreshLoad([string] $modelPath, [string] $cache, [string] $expectOutcome) {
    $cacheArg = $cache ? "-OptimizedModelCache $(Quote $cache)" : ''
    $code = @"
`$ErrorActionPreference = 'Stop'
Import-Module $(Quote $ModuleDirectory)
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$session = Open-DiffusionSession $(Quote $modelPath) -Provider Cpu $cacheArg -WarningAction SilentlyContinue
`$seconds = `$clock.Elapsed.TotalSeconds
`$outcomes = @(`$session.OptimizedModelCacheUses | ForEach-Object { [string]`$_.Outcome })
Close-DiffusionSession -Session `$session
'BENCH-RESULT ' + (@{ Seconds = `$seconds; Outcomes = `$outcomes } | ConvertTo-Json -Compress)
"@
    $r = Invoke-FreshPwsh $code
    if ($r.Failure) { Write-Warning "Load $($cache ? 'with' : 'without') the cache: $($r.Failure)" }
    if (-not $r.Result) { return $null }
    # A cached load counts only when every sub-model came from the cache (or, populating, went into it).
    $wanted = $expectOutcome ? @($r.Result.Outcomes | Where-Object { $_ -ne $expectOutcome }) : @()
    if ($wanted.Count) { Write-Warning "Load with the cache: outcomes $($r.Result.Outcomes -join ', '), not all $expectOutcome"; return $null }
    Round $r.Result.Seconds 2
}

# Peak working set of a fresh process that loads the model and runs one VAE-only render (-Strength 0: encode and
# decode, no UNet, whose attention at 2048² would need more than 100 GB) of a $size² image, tiled or not.
function Measure-PeakMemory([string] $modelPath, [int] $size, [bool] $tiled) {
    $code = @"
`$ErrorActionPreference = 'Stop'
Import-Module $(Quote $ModuleDirectory)
`$init = Resize-InitImage $(Quote $sketch) -Width $size -Height $size -AllowUpscale -WarningAction SilentlyContinue
`$session = Open-DiffusionSession $(Quote $modelPath) -Provider Cpu -WarningAction SilentlyContinue
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$stream = Invoke-Img2Img 'a fireplace' -InitImage `$init -Session `$session -Seed 1 -Width $size -Height $size -Strength 0 -Tiled:`$$tiled -Verbose -WarningAction SilentlyContinue 4>&1
`$seconds = `$clock.Elapsed.TotalSeconds
`$lines = @(`$stream | Where-Object { `$_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message | Where-Object { `$_ -like 'VAE*' })
Close-DiffusionSession -Session `$session
'BENCH-RESULT ' + (@{ PeakMB = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB; Seconds = `$seconds; Vae = `$lines } | ConvertTo-Json -Compress)
"@
    $fresh = Invoke-FreshPwsh $code
    if (-not $fresh.Result) { return [pscustomobject]@{ PeakMB = $fresh.StoppedAtMB; Seconds = $null; Note = $fresh.Failure } }
    $r = $fresh.Result
    # The VAE lines say whether the engine really tiled: a silent fallback would make the comparison meaningless.
    $tiledLines = @($r.Vae | Where-Object { $_ -like '*in tiles*' }).Count
    [pscustomobject]@{ PeakMB = [long]$r.PeakMB; Seconds = Round $r.Seconds 2; Note = $tiledLines ? 'tiled' : 'whole' }
}

# A whole 512² render's memory in a fresh process: two renders (the second warm), the peak working set, and what the
# idle session holds after them; -LowMemory gives the CPU arena back after each render.
function Measure-RenderMemory([string] $modelPath, [bool] $lowMemory) {
    $code = @"
`$ErrorActionPreference = 'Stop'
Import-Module $(Quote $ModuleDirectory)
`$session = Open-DiffusionSession $(Quote $modelPath) -Provider Cpu -WarningAction SilentlyContinue
`$seconds = foreach (`$seed in 1, 2) {
    (Measure-Command { Invoke-Img2Img 'a fireplace' $(Quote $sketch) -Session `$session -Seed `$seed -Steps 20 -Strength 0.6 -LowMemory:`$$lowMemory }).TotalSeconds
}
[GC]::Collect()
`$process = [Diagnostics.Process]::GetCurrentProcess()
'BENCH-RESULT ' + (@{ PeakMB = `$process.PeakWorkingSet64 / 1MB; IdleMB = `$process.WorkingSet64 / 1MB; Seconds = `$seconds[1] } | ConvertTo-Json -Compress)
Close-DiffusionSession -Session `$session
"@
    $fresh = Invoke-FreshPwsh $code
    if (-not $fresh.Result) { return [pscustomobject]@{ LowMemory = $lowMemory; PeakMB = $fresh.StoppedAtMB; IdleMB = $null; Seconds = $null; Note = $fresh.Failure } }
    $r = $fresh.Result
    [pscustomobject]@{ LowMemory = $lowMemory; PeakMB = [long]$r.PeakMB; IdleMB = [long]$r.IdleMB; Seconds = Round $r.Seconds 2; Note = $null }
}

function Get-AvailableMemoryGB {
    $line = Get-Content /proc/meminfo -ErrorAction SilentlyContinue | Where-Object { $_ -like 'MemAvailable:*' }
    $line ? ([double]($line -replace '\D', '') / 1MB) : $null
}

# The three loads, each in a fresh process; the cache folder lives under the results and is removed after.
function Measure-Loads([string] $modelPath) {
    # A first, untimed load reads the files into the OS cache, so no row is charged for the disk and the cached loads
    # (whose files were just written) are compared with an uncached load on equal terms.
    Measure-FreshLoad $modelPath $null | Out-Null
    $loads = [ordered]@{ NoCacheSeconds = Measure-FreshLoad $modelPath $null; EmptyCacheSeconds = $null; PopulatedCacheSeconds = $null }
    $cache = Join-Path $ResultDirectory 'optimized-model-cache'
    Remove-Item $cache -Recurse -Force -ErrorAction SilentlyContinue
    try {
        $loads.EmptyCacheSeconds = Measure-FreshLoad $modelPath $cache 'Created'
        $loads.PopulatedCacheSeconds = Measure-FreshLoad $modelPath $cache 'Used'
        $loads.CacheMB = Round ((Get-ChildItem $cache -Recurse -File -ErrorAction SilentlyContinue | Measure-Object Length -Sum).Sum / 1MB) 1
    }
    finally { Remove-Item $cache -Recurse -Force -ErrorAction SilentlyContinue }
    $loads
}

# Peak memory per size, tiled and untiled. Untiled 2048² was measured at more than 18 GB: it runs only with room.
function Measure-PeakMemories([string] $modelPath) {
    foreach ($size in 512, 1024, 2048) {
        foreach ($tiled in $true, $false) {
            $case = [ordered]@{ Size = $size; Tiled = $tiled }
            $free = Get-AvailableMemoryGB
            if ($size -eq 2048 -and -not $tiled -and -not ($free -gt 22)) {
                $case.PeakMB = $null; $case.Seconds = $null
                $case.Note = "skipped (needs > 18 GB; $(Round $free 1) GB available)"
            }
            else {
                Write-Host "Peak memory: ${size}² $($tiled ? 'tiled' : 'untiled')"
                $m = Measure-PeakMemory $modelPath $size $tiled
                $case.PeakMB = $m.PeakMB; $case.Seconds = $m.Seconds; $case.Note = $m.Note
            }
            [pscustomobject]$case
        }
    }
}

# A batch of $BatchSize distinct 256² images with one prompt, piped into one Invoke-Img2Img call. The prompt is new
# to the session, so its first render encodes it and every later one should take it from the cache.
function Measure-Batch($session) {
    $images = @(1..$BatchSize | ForEach-Object { New-InitImage 256 (100 + $_) })
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $stream = $images | Invoke-Img2Img 'a batch with one prompt' -Session $session -Seed 7 -Width 256 -Height 256 `
        @RenderArgs -Verbose -WarningAction SilentlyContinue 4>&1
    $seconds = $clock.Elapsed.TotalSeconds
    # Each render's lines begin with its "Text encoding:" line.
    $groups = [Collections.Generic.List[object]]::new()
    foreach ($line in Get-VerboseMessages $stream) {
        if ($line -like 'Text encoding:*') { $groups.Add([Collections.Generic.List[string]]::new()) }
        if ($groups.Count) { $groups[$groups.Count - 1].Add($line) }
    }
    $renders = @($groups | ForEach-Object { [pscustomobject](ConvertFrom-RenderVerbose $_.ToArray()) })
    $later = @($renders | Select-Object -Skip 1)
    $laterText = @($later | ForEach-Object TextEncoding | Where-Object { $null -ne $_ })
    [pscustomobject]@{
        Images               = $BatchSize
        Rendered             = $renders.Count
        Seconds              = Round $seconds 2
        RendersPerSecond     = Round ($BatchSize / $seconds) 3
        FirstTextEncoding    = $renders.Count ? $renders[0].TextEncoding : $null
        LaterTextEncodingMax = $laterText.Count ? ($laterText | Measure-Object -Maximum).Maximum : $null
        FirstModelRunCalls   = $renders.Count ? $renders[0].ModelRunCalls : $null
        LaterModelRunCalls   = @($later | ForEach-Object ModelRunCalls | Where-Object { $null -ne $_ } | Sort-Object -Unique)
        Medians              = Get-RenderMedians $later
    }
}

# Whether the batch encoded its prompt once. The engine reports no cache hit, so: the later renders run fewer models
# than the first (the text encoder's calls) when the model-run line gives call counts; else their text encoding is
# at most half the first's. Null when neither tells (both read 0.00 s).
function Test-PromptEncodedOnce($batch) {
    if ($null -ne $batch.FirstModelRunCalls -and $batch.LaterModelRunCalls) {
        $fewer = -not @($batch.LaterModelRunCalls | Where-Object { $_ -ge $batch.FirstModelRunCalls })
        return @{ Ok = $fewer; Measured = "model runs: first render $($batch.FirstModelRunCalls) calls, later $($batch.LaterModelRunCalls -join '/')" }
    }
    $measured = "text encoding: first render $($batch.FirstTextEncoding) s, later at most $($batch.LaterTextEncodingMax) s"
    if ($null -eq $batch.FirstTextEncoding -or $null -eq $batch.LaterTextEncodingMax -or $batch.FirstTextEncoding -le 0) {
        return @{ Ok = $null; Measured = $measured }
    }
    @{ Ok = $batch.LaterTextEncodingMax -le $batch.FirstTextEncoding / 2; Measured = $measured }
}

# A batch of $BatchSize 256² images (a new prompt each time, so both runs encode alike) over 1 worker, then over 2:
# two CPU sessions of the model (device slots 0 and 1) sharing the cores, with -ThrottleLimit 2. The first render of
# each session is a warm-up outside the timing.
function Measure-Workers([string] $modelPath) {
    $cores = [Environment]::ProcessorCount
    $images = @(1..$BatchSize | ForEach-Object { New-InitImage 256 (300 + $_) })
    $runs = [ordered]@{}
    foreach ($workers in 1, 2) {
        Close-DiffusionSession -All
        $threads = [math]::Max(1, [math]::Floor($cores / $workers))
        $sessions = @(0..($workers - 1) | ForEach-Object {
                Open-DiffusionSession $modelPath -Provider Cpu -DeviceId $_ -Name "bench-worker-$_" -ThreadCount $threads -WarningAction SilentlyContinue })
        try {
            foreach ($session in $sessions) { Invoke-Img2Img 'warm-up' (New-InitImage 256 299) -Session $session -Width 256 -Height 256 @RenderArgs | Out-Null }
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $rendered = @($images | Invoke-Img2Img "workers $workers" -Session $sessions[0] -Seed 7 -Width 256 -Height 256 -ThrottleLimit $workers @RenderArgs `
                    -WarningAction SilentlyContinue)
            $seconds = $clock.Elapsed.TotalSeconds
            $runs["Workers$workers"] = [pscustomobject]@{
                Workers = $workers; ThreadsEach = $threads; Rendered = $rendered.Count; Seconds = Round $seconds 2
                RendersPerSecond = Round ($rendered.Count / $seconds) 3
            }
        }
        finally { Close-DiffusionSession -All }
    }
    $runs.SpeedUp = Round ($runs.Workers2.RendersPerSecond / $runs.Workers1.RendersPerSecond) 3
    $runs
}

# The warm 512² render with the old session options: one intra-op thread. Its own session, opened after the main
# one is closed (one open session per model folder), one render to warm it, then the warm renders.
function Measure-Baseline([string] $modelPath) {
    $session = Open-DiffusionSession $modelPath -Provider Cpu -Name bench-baseline -ThreadCount 1
    try {
        Invoke-TimedRender $session (New-InitImage 512 200) 1 | Out-Null
        $warm = @(1..$WarmRuns | ForEach-Object { Invoke-TimedRender $session (New-InitImage 512 (200 + $_)) (10 + $_) })
    }
    finally { Close-DiffusionSession -Session $session }
    Get-RenderMedians $warm
}

# The renders in one session: first 512² after load, warm 512², first 256² (a new size), warm 256², the batch.
function Measure-Renders([string] $modelPath) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $session = Open-DiffusionSession $modelPath -Provider Cpu -Name bench -WarningAction SilentlyContinue
    $load = $clock.Elapsed.TotalSeconds
    try {
        $first512 = Invoke-TimedRender $session (New-InitImage 512 0) 1
        $warm512 = @(1..$WarmRuns | ForEach-Object { Invoke-TimedRender $session (New-InitImage 512 $_) (10 + $_) })
        $first256 = Invoke-TimedRender $session (New-InitImage 256 50) 1
        $warm256 = @(1..$WarmRuns | ForEach-Object { Invoke-TimedRender $session (New-InitImage 256 (50 + $_)) (20 + $_) })
        $batch = Measure-Batch $session
    }
    finally { Close-DiffusionSession -Session $session }
    [ordered]@{
        LoadInProcessSeconds = Round $load 2
        First512             = $first512
        Warm512              = Get-RenderMedians $warm512
        Warm512Renders       = $warm512
        First256             = $first256
        Warm256              = Get-RenderMedians $warm256
        Warm256Renders       = $warm256
        Batch                = $batch
        PeakWorkingSetMB     = [long]([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB)
    }
}

# One table row; a render (or a set of medians) fills the stage columns.
function New-Row([string] $model, [string] $what, $seconds, $render = $null, $peakMB = $null) {
    [pscustomobject]@{
        Model   = $model; What = $what; Seconds = Round $seconds 2
        TextEnc = $render ? $render.TextEncoding : $null; VaeEnc = $render ? $render.VaeEncode : $null
        Denoise = $render ? $render.Denoising : $null; VaeDec = $render ? $render.VaeDecode : $null
        OrtRuns = $render ? (Round $render.ModelRunSeconds 2) : $null
        Ratio   = $render ? $render.OverheadRatio : $null
        'B/step' = $render ? $render.ManagedBytesPerStep : $null
        PeakMB  = $peakMB
    }
}

function New-Target([string] $target, [string] $measured, $ok) {
    [pscustomobject]@{ Target = $target; Measured = $measured; Status = $null -eq $ok ? 'n/a' : ($ok ? 'PASS' : 'MISS') }
}

# Issue 11's targets, each with what was measured; n/a when this module does not report it yet.
function Get-Targets($real) {
    $ratio = $real.Warm512.OverheadRatio
    $speedup = $real.SpeedUpVsOneThread
    $new256 = $real.FirstRenderAtNewSizeRatio256
    $first512 = $real.FirstRenderAfterLoadRatio512
    $bytes = @($real.Warm512Renders + $real.Warm256Renders | ForEach-Object ManagedBytesPerStep | Where-Object { $null -ne $_ })
    $maxBytes = $bytes.Count ? ($bytes | Measure-Object -Maximum).Maximum : $null
    $once = Test-PromptEncodedOnce $real.Batch
    @(
        New-Target 'overhead ratio at 512² ≤ 1.02 (engine wall / ONNX Runtime runs, warm median)' ($null -eq $ratio ? 'not reported' : "$ratio") ($null -eq $ratio ? $null : $ratio -le 1.02)
        New-Target 'warm 512² render ≥ 1.3× faster than with one intra-op thread' ($null -eq $speedup ? 'not measured' : (Format-Times $speedup)) ($null -eq $speedup ? $null : $speedup -ge 1.3)
        New-Target 'first render at a new size (256² after 512²) ≤ 1.5× a warm 256²' (Format-Times $new256) ($null -eq $new256 ? $null : $new256 -le 1.5)
        New-Target 'first 512² render after load ≤ 1.5× a warm 512²' (Format-Times $first512) ($null -eq $first512 ? $null : $first512 -le 1.5)
        New-Target 'a repeated prompt never re-encoded (batch with one prompt)' $once.Measured $once.Ok
        New-Target 'managed allocation per denoising step < 64 KB (warm renders, largest)' ($null -eq $maxBytes ? 'not reported' : "$maxBytes bytes") ($null -eq $maxBytes ? $null : $maxBytes -lt 64KB)
    )
}

$result = [ordered]@{ Machine = "$([Environment]::ProcessorCount) logical cores, $([math]::Round(((Get-Content /proc/meminfo -ErrorAction SilentlyContinue | Select-Object -First 1) -replace '\D', '') / 1MB, 1)) GB, $([Runtime.InteropServices.RuntimeInformation]::OSDescription)" }
$rows = [Collections.Generic.List[object]]::new()
$targets = @()

$modelInfo = $Model ? @{ Path = (Resolve-Path $Model).Path; Why = "-Model $Model" } : (Get-BenchModel)
$result.Model = $modelInfo.Path ? $modelInfo.Why : "none ($($modelInfo.Why)); demo model only"
Write-Host "Benchmark model: $($result.Model)"
if ($modelInfo.Path) {
    $path = $modelInfo.Path
    $real = [ordered]@{}
    # Fresh processes first, while this one holds no model: their memory is then theirs alone.
    if (-not $SkipLoad) { Write-Host 'Loads in fresh processes'; $real.Load = Measure-Loads $path }
    if (-not $SkipMemory) {
        $real.PeakMemory = @(Measure-PeakMemories $path)
        Write-Host 'Render memory: 512², with and without -LowMemory'
        $real.RenderMemory = @($false, $true | ForEach-Object { Measure-RenderMemory $path $_ })
    }
    Write-Host 'Renders in one session'
    foreach ($entry in (Measure-Renders $path).GetEnumerator()) { $real[$entry.Key] = $entry.Value }
    Write-Host 'Baseline: one intra-op thread'
    $real.BaselineOneThreadWarm512 = Measure-Baseline $path
    Write-Host "Workers: a batch of $BatchSize at 256² over 1 and 2 CPU sessions"
    $real.Workers = Measure-Workers $path
    $real.SpeedUpVsOneThread = $real.BaselineOneThreadWarm512 ? (Round ($real.BaselineOneThreadWarm512.Seconds / $real.Warm512.Seconds) 3) : $null
    $real.FirstRenderAfterLoadRatio512 = Round ($real.First512.Seconds / $real.Warm512.Seconds) 3
    $real.FirstRenderAtNewSizeRatio256 = Round ($real.First256.Seconds / $real.Warm256.Seconds) 3
    $result.RealModel = $real
    $targets = @(Get-Targets $real)

    if ($real.Contains('Load')) {
        $rows.Add((New-Row 'bench' 'load, fresh process, no cache' $real.Load.NoCacheSeconds))
        $rows.Add((New-Row 'bench' 'load, fresh process, empty cache (populating)' $real.Load.EmptyCacheSeconds))
        $rows.Add((New-Row 'bench' 'load, fresh process, populated cache' $real.Load.PopulatedCacheSeconds))
    }
    $rows.Add((New-Row 'bench' 'load in this process' $real.LoadInProcessSeconds))
    $rows.Add((New-Row 'bench' "first render 512² (after load): $(Format-Times $real.FirstRenderAfterLoadRatio512) warm" $real.First512.Seconds $real.First512))
    $rows.Add((New-Row 'bench' "warm render 512² (median of $WarmRuns)" $real.Warm512.Seconds $real.Warm512))
    $rows.Add((New-Row 'bench' "first render 256² (new size): $(Format-Times $real.FirstRenderAtNewSizeRatio256) warm" $real.First256.Seconds $real.First256))
    $rows.Add((New-Row 'bench' "warm render 256² (median of $WarmRuns)" $real.Warm256.Seconds $real.Warm256))
    $rows.Add((New-Row 'bench' "batch of $BatchSize at 256², one prompt: $($real.Batch.RendersPerSecond) renders/s (stages: renders 2-$BatchSize)" $real.Batch.Seconds $real.Batch.Medians))
    $rows.Add((New-Row 'bench' "warm 512², one intra-op thread: ours $(Format-Times $real.SpeedUpVsOneThread) faster" `
            $real.BaselineOneThreadWarm512.Seconds $real.BaselineOneThreadWarm512))
    foreach ($run in $real.Workers.Workers1, $real.Workers.Workers2) {
        $rows.Add((New-Row 'bench' ("batch of $BatchSize at 256² over $($run.Workers) worker(s), $($run.ThreadsEach) threads each: $($run.RendersPerSecond) renders/s" +
                ($run.Workers -eq 2 ? ", $(Format-Times $real.Workers.SpeedUp) the rate of 1" : '')) $run.Seconds))
    }
    $rows.Add((New-Row 'bench' 'peak working set, this process (all renders above)' $null $null $real.PeakWorkingSetMB))
    foreach ($case in @($real.PeakMemory)) {
        if (-not $case) { continue }
        $label = "peak memory, fresh process, $($case.Size)² -Strength 0 $($case.Tiled ? '-Tiled' : '-Tiled:$false')"
        # A note other than the expected one: skipped, stopped, failed, or the engine tiled (or not) against -Tiled.
        $expected = $case.Tiled ? 'tiled' : 'whole'
        $label += $case.Note -eq $expected ? '' : ($case.Note -in 'tiled', 'whole' ? ": ran $($case.Note)!" : ": $($case.Note)")
        $rows.Add((New-Row 'bench' $label $case.Seconds $null $case.PeakMB))
    }
    foreach ($case in @($real.RenderMemory)) {
        if (-not $case) { continue }
        $label = "512² render$($case.LowMemory ? ' -LowMemory' : ''), fresh process (warm time): " +
            ($case.Note ? $case.Note : "the idle session holds $($case.IdleMB) MB after")
        $rows.Add((New-Row 'bench' $label $case.Seconds $null $case.PeakMB))
    }
}

# The demo model, with its targets (512×512, 15 steps taken, on this project's 2-core CI machine).
$first = Measure-Command { Invoke-Img2Img 'fire' $sketch -Steps 20 -Strength 0.75 -Seed 1 | Out-Null }
$runs = 1..5 | ForEach-Object {
    (Measure-Command { Invoke-Img2Img 'fire' $sketch -Steps 20 -Strength 0.75 -Seed $_ | Out-Null }).TotalSeconds
}
$warm = Get-Median $runs
$result.DemoModel = [ordered]@{
    FirstRenderSeconds = [math]::Round($first.TotalSeconds, 3)
    WarmRenderSeconds  = [math]::Round($warm, 3)
    SecondsPerStep     = [math]::Round($warm / 15, 4)
}
Write-Host 'Demo model: a batch over 1 and 2 workers'
$demoPath = (Open-DiffusionSession).Model
$result.DemoModel.Workers = Measure-Workers $demoPath
$result.PeakWorkingSetMB = [math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB, 1)
$rows.Add((New-Row 'demo' 'first render 512² (load included)' $result.DemoModel.FirstRenderSeconds))
$rows.Add((New-Row 'demo' 'warm render 512² (median of 5)' $result.DemoModel.WarmRenderSeconds))
foreach ($run in $result.DemoModel.Workers.Workers1, $result.DemoModel.Workers.Workers2) {
    $rows.Add((New-Row 'demo' ("batch of $BatchSize at 256² over $($run.Workers) worker(s), $($run.ThreadsEach) threads each: $($run.RendersPerSecond) renders/s" +
            ($run.Workers -eq 2 ? ", $(Format-Times $result.DemoModel.Workers.SpeedUp) the rate of 1" : '')) $run.Seconds))
}
$result.Table = $rows
$result.Targets = $targets

# Seconds are the cmdlet's wall; OrtRuns the sum of ONNX Runtime Run times; Ratio the engine's render wall / OrtRuns.
$table = ($rows | Format-Table Model, What, Seconds, TextEnc, VaeEnc, Denoise, VaeDec, OrtRuns, Ratio, B/step, PeakMB -AutoSize |
        Out-String -Width 400).TrimEnd()
$targetText = $targets.Count ? "`nIssue 11 targets (reported, not enforced):`n" + ($targets | Format-Table Status, Target, Measured -AutoSize | Out-String -Width 400).TrimEnd() : ''
$summary = "Model: $($result.Model)`nMachine: $($result.Machine)`n" +
    "Seconds: the cmdlet's wall (for peak memory: the render's); OrtRuns: the sum of ONNX Runtime Run times; Ratio: the engine's render wall / OrtRuns; " +
    "B/step: managed bytes per denoising step; PeakMB: peak working set`n" +
    "$table`nPeak working set of this process at the end: $($result.PeakWorkingSetMB) MB$targetText"
$result | ConvertTo-Json -Depth 6 | Set-Content (Join-Path $ResultDirectory 'bench.json')
$summary | Set-Content (Join-Path $ResultDirectory 'bench.txt')
Write-Host $summary

$failures = @()
if ($warm -gt 5) { $failures += "a warm 512×512 demo render took $([math]::Round($warm, 2)) s (target ≤ 5 s)" }
if ($warm -ge $first.TotalSeconds) { $failures += 'later demo renders were not faster than the first: is the session reloaded?' }
if ($failures) { throw "Benchmark targets missed: $($failures -join '; ')" }

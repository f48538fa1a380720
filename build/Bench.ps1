<#
.SYNOPSIS
    Times renders of a real-architecture model and of the built-in demo model; run by `build.ps1 -Task Bench`,
    never by the tests.
.DESCRIPTION
    Model part (-Model, or by default the bench-sd-lp fixture: SD 1.5 layout at reduced width, random weights):
    load time, the first 512×512 render, warm renders at 256² and 512² (20 steps × strength 0.6, k_lms; medians),
    each stage's time from the pipeline's -Verbose lines (text encoding, VAE encode, denoising, VAE decode) and the
    process's peak working set. When no -Model is given, the fixture's weights are generated into out/bench-model
    (python3 and the fixture folder needed: $env:INVOKEAI_BENCH_FIXTURE, else /work/shared/fixtures/bench-sd-lp);
    without them only the demo model is measured, and the report says so.
    Demo part: the first render (model load included) and later renders of the built-in demo model, checked
    against its targets. Writes a table and JSON (bench.json) to -ResultDirectory; fails when a target is missed.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDirectory,
    [Parameter(Mandatory)] [string] $ResultDirectory,
    # A model folder to measure; by default a bench-sd-lp copy with weights, made under -ResultDirectory's parent.
    [string] $Model,
    # Warm renders per size (the median is reported).
    [ValidateRange(1, 20)] [int] $WarmRuns = 3
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleDirectory -Force
$sketch = Join-Path $PSScriptRoot '../examples/sketches/fireplace.png'
New-Item -ItemType Directory -Force $ResultDirectory | Out-Null

function Get-Median([double[]] $values) {
    $sorted = @($values | Sort-Object)
    if ($sorted.Count -eq 0) { return $null }
    $mid = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$mid] }
    ($sorted[$mid - 1] + $sorted[$mid]) / 2
}

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

# One render; returns its seconds and the stage seconds its -Verbose lines give.
function Invoke-TimedRender($session, [int] $size, [int] $seed) {
    $verbose = $null
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $sizeArgs = $size -eq 512 ? @{} : @{ Width = $size; Height = $size }
    Invoke-Img2Img 'a fireplace' $sketch -Session $session -Steps 20 -Strength 0.6 -Sampler k_lms -Seed $seed `
        @sizeArgs -Verbose 4>&1 | Tee-Object -Variable verbose | Out-Null
    $seconds = $clock.Elapsed.TotalSeconds
    $stages = [ordered]@{}
    foreach ($line in @($verbose | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message)) {
        if ($line -match '^Text encoding: ([\d.]+) s') { $stages.TextEncoding = [double]$Matches[1] }
        elseif ($line -match '^VAE encoding of .*: ([\d.]+) s') { $stages.VaeEncode = [double]$Matches[1] }
        elseif ($line -match '^Denoising: .* in ([\d.]+) s') { $stages.Denoising = [double]$Matches[1] }
        elseif ($line -match '^VAE decoding: ([\d.]+) s') { $stages.VaeDecode = [double]$Matches[1] }
    }
    [pscustomobject]@{ Seconds = $seconds; Stages = $stages }
}

function Get-StageMedians($renders) {
    $out = [ordered]@{}
    foreach ($stage in 'TextEncoding', 'VaeEncode', 'Denoising', 'VaeDecode') {
        $values = @($renders | ForEach-Object { $_.Stages[$stage] } | Where-Object { $null -ne $_ })
        $out[$stage] = $values ? [math]::Round((Get-Median $values), 2) : $null
    }
    $out
}

$result = [ordered]@{ Machine = "$([Environment]::ProcessorCount) logical cores, $([Runtime.InteropServices.RuntimeInformation]::OSDescription)" }
$rows = [Collections.Generic.List[object]]::new()

# Real-architecture model first: the peak working set read after it is its own.
$modelInfo = $Model ? @{ Path = (Resolve-Path $Model).Path; Why = "-Model $Model" } : (Get-BenchModel)
$result.Model = $modelInfo.Path ? $modelInfo.Why : "none ($($modelInfo.Why)); demo model only"
Write-Host "Benchmark model: $($result.Model)"
if ($modelInfo.Path) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $session = Open-DiffusionSession $modelInfo.Path -Provider Cpu -Name bench
    $load = $clock.Elapsed.TotalSeconds
    try {
        $first512 = Invoke-TimedRender $session 512 1
        $warm512 = @(1..$WarmRuns | ForEach-Object { Invoke-TimedRender $session 512 (10 + $_) })
        $first256 = Invoke-TimedRender $session 256 1
        $warm256 = @(1..$WarmRuns | ForEach-Object { Invoke-TimedRender $session 256 (20 + $_) })
    }
    finally { Close-DiffusionSession -Session $session }
    $real = [ordered]@{
        LoadSeconds             = [math]::Round($load, 2)
        FirstRender512Seconds   = [math]::Round($first512.Seconds, 2)
        FirstRender512Stages    = $first512.Stages
        WarmRender512Seconds    = [math]::Round((Get-Median $warm512.Seconds), 2)
        WarmRender512Stages     = Get-StageMedians $warm512
        FirstRender256Seconds   = [math]::Round($first256.Seconds, 2)
        WarmRender256Seconds    = [math]::Round((Get-Median $warm256.Seconds), 2)
        WarmRender256Stages     = Get-StageMedians $warm256
        PeakWorkingSetMB        = [math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB, 1)
    }
    $result.RealModel = $real
    foreach ($r in @(
            @('load', $real.LoadSeconds, $null),
            @('first render 512² (after load)', $real.FirstRender512Seconds, $first512.Stages),
            @("warm render 512² (median of $WarmRuns)", $real.WarmRender512Seconds, $real.WarmRender512Stages),
            @('first render 256² (new size)', $real.FirstRender256Seconds, $first256.Stages),
            @("warm render 256² (median of $WarmRuns)", $real.WarmRender256Seconds, $real.WarmRender256Stages))) {
        $s = $r[2]
        $rows.Add([pscustomobject]@{ Model = 'bench'; What = $r[0]; Seconds = $r[1]
                TextEnc = $s ? $s.TextEncoding : $null; VaeEnc = $s ? $s.VaeEncode : $null
                Denoise = $s ? $s.Denoising : $null; VaeDec = $s ? $s.VaeDecode : $null })
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
$result.PeakWorkingSetMB = [math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB, 1)
$rows.Add([pscustomobject]@{ Model = 'demo'; What = 'first render 512² (load included)'; Seconds = $result.DemoModel.FirstRenderSeconds })
$rows.Add([pscustomobject]@{ Model = 'demo'; What = 'warm render 512² (median of 5)'; Seconds = $result.DemoModel.WarmRenderSeconds })

$table = ($rows | Format-Table Model, What, Seconds, TextEnc, VaeEnc, Denoise, VaeDec -AutoSize | Out-String).TrimEnd()
$summary = "Model: $($result.Model)`nMachine: $($result.Machine)`n$table`nPeak working set: " +
    ($result.Contains('RealModel') ? "$($result.RealModel.PeakWorkingSetMB) MB after the bench model, " : '') +
    "$($result.PeakWorkingSetMB) MB at the end"
$result | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $ResultDirectory 'bench.json')
$summary | Set-Content (Join-Path $ResultDirectory 'bench.txt')
Write-Host $summary

$failures = @()
if ($warm -gt 5) { $failures += "a warm 512×512 demo render took $([math]::Round($warm, 2)) s (target ≤ 5 s)" }
if ($warm -ge $first.TotalSeconds) { $failures += 'later demo renders were not faster than the first: is the session reloaded?' }
if ($failures) { throw "Benchmark targets missed: $($failures -join '; ')" }

<#
.SYNOPSIS
    Times renders of the built-in demo model; run by `build.ps1 -Task Bench`, never by the tests.
.DESCRIPTION
    Measures the first render (model load included), later renders (the session must be reused: no reload),
    seconds per denoising step, and the process's peak working set. Writes the numbers to -ResultPath as JSON
    and fails when a target is missed.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDirectory,
    [Parameter(Mandatory)] [string] $ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleDirectory -Force
$sketch = Join-Path $PSScriptRoot '../examples/sketches/fireplace.png'

$first = Measure-Command { Invoke-Img2Img 'fire' $sketch -Steps 20 -Strength 0.75 -Seed 1 | Out-Null }
$runs = 1..5 | ForEach-Object {
    (Measure-Command { Invoke-Img2Img 'fire' $sketch -Steps 20 -Strength 0.75 -Seed $_ | Out-Null }).TotalSeconds
}
$warm = ($runs | Measure-Object -Average).Average
$result = [ordered]@{
    FirstRenderSeconds  = [math]::Round($first.TotalSeconds, 3)
    WarmRenderSeconds   = [math]::Round($warm, 3)
    SecondsPerStep      = [math]::Round($warm / 15, 4)
    PeakWorkingSetMB    = [math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB, 1)
}
$result | ConvertTo-Json | Set-Content $ResultPath
[pscustomobject]$result | Format-List | Out-String | Write-Host

# Targets for the demo model at 512×512, 15 steps taken, on this project's 2-core CI machine.
$failures = @()
if ($warm -gt 5) { $failures += "a warm 512×512 render took $([math]::Round($warm, 2)) s (target ≤ 5 s)" }
if ($warm -ge $first.TotalSeconds) { $failures += 'later renders were not faster than the first: is the session reloaded?' }
if ($failures) { throw "Benchmark targets missed: $($failures -join '; ')" }

<#
.SYNOPSIS
    Renders every new image in a drop folder, unattended: made to run from Task Scheduler, cron or a CI job.

.DESCRIPTION
    Each run looks at the images directly in -DropFolder (.png, .jpg, .jpeg, .webp, .bmp, .gif, .tif, .tiff),
    renders the ones not rendered yet with Invoke-Img2Img, and saves each as <OutputFolder>/<name>.png, the input's
    name without its extension.

    What counts as rendered: the output file exists. There is no state file to drift out of step with the
    folder: delete an output to have its input rendered again. Save-Image writes through a temporary file and a
    rename, so an output that exists is always complete, even after a crash or a killed run. An input that
    failed has no output, so the next run tries it again (a file caught while it was still being copied into
    the drop folder renders next time). Two inputs whose names differ only in the extension (house.png and
    house.jpg) would share an output; both after the first, in name order, fail until one is renamed.

    The log (-LogPath) gets one line per input rendered or failed, tab-separated:
        <timestamp, ISO 8601 with offset>  rendered  <input>  <output>
        <timestamp>                          failed    <input>  <error id>: <message>
    Inputs skipped because their output exists are not logged (run with -Verbose to see them), so a run with
    nothing to do adds nothing. A run that cannot start (no drop folder, no module) logs one failed line with
    '-' as the input.

    Exit code: 0 when every input rendered or was skipped (also when there was nothing to do), 1 when any
    input failed or the run could not start. A run that finds another run still rendering into the same output
    folder leaves it alone and exits 0 (the other run does the work), so a schedule shorter than a batch is safe.

.PARAMETER DropFolder
    The folder to take inputs from. Only the files directly in it are read; it is never changed.

.PARAMETER OutputFolder
    Where the renders go, one <name>.png per input; created when missing. Also holds the default log and a
    small lock file (.scheduled-render.lock) that keeps two runs from rendering at once.

.PARAMETER Prompt
    The prompt every input is rendered with.

.PARAMETER Strength
    How far each render may move from its input, 0 to 1 (Invoke-Img2Img -Strength). Default 0.75.

.PARAMETER Steps
    The schedule's steps (Invoke-Img2Img -Steps); int(Steps × Strength) of them run. Default 50.

.PARAMETER Model
    A Stable Diffusion ONNX model folder. Without it, $env:INVOKEAI_MODEL, else the built-in demo model.

.PARAMETER LogPath
    The log file to append to. Default: Scheduled-Render.log in -OutputFolder.

.PARAMETER ModulePath
    The InvokeAI.PowerShell module to import (its folder or manifest). Without it the installed module is
    imported by name, unless the session already has it.

.EXAMPLE
    New-Item -ItemType Directory drop -Force | Out-Null; Copy-Item ./examples/sketches/*.png drop
    pwsh -NoProfile -File ./examples/Scheduled-Render.ps1 -DropFolder drop -OutputFolder renders -Prompt 'oil painting, impressionist' -Strength 0.6

    One run, as a scheduler starts it, here from the repository root over a drop folder of the example sketches (the
    installed module is imported; add -ModulePath ./out/InvokeAI.PowerShell for the one the build made). $LASTEXITCODE
    is 1 when an input failed; renders/Scheduled-Render.log says which and why. Run it again and nothing is rendered.

.EXAMPLE
    # crontab -e, then add:
    */10 * * * * pwsh -NoProfile -File /opt/invokeai/Scheduled-Render.ps1 -DropFolder /srv/drop -OutputFolder /srv/renders -Prompt 'watercolour' >> /srv/renders/cron.out 2>&1

    A crontab line: every ten minutes, render whatever arrived. Overlapping runs are safe: a run that finds another still rendering leaves the work to it.

.EXAMPLE
    $action = New-ScheduledTaskAction -Execute 'pwsh.exe' -Argument '-NoProfile -File C:\InvokeAI\Scheduled-Render.ps1 -DropFolder D:\Drop -OutputFolder D:\Renders -Prompt "watercolour"'
    Register-ScheduledTask -TaskName 'InvokeAI drop folder' -Action $action -Trigger (New-ScheduledTaskTrigger -Once -At 0:00 -RepetitionInterval (New-TimeSpan -Minutes 10))

    The same on Windows Task Scheduler; the task's "last run result" is the exit code.
#>

# After the help: a #Requires line above it keeps Get-Help from finding the help block.
#Requires -Version 7.4
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $DropFolder,
    [Parameter(Mandatory)] [string] $OutputFolder,
    [Parameter(Mandatory)] [string] $Prompt,
    [ValidateRange(0.0, 1.0)] [double] $Strength = 0.75,
    [ValidateRange(1, 1000)] [int] $Steps = 50,
    [string] $Model,
    [string] $LogPath,
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
# Nobody watches a scheduled run: progress bars would only fill the scheduler's output capture.
$ProgressPreference = 'SilentlyContinue'

# What ImageFile.Load reads; anything else in the drop folder (notes, partial downloads) is left alone.
$InputExtensions = '.png', '.jpg', '.jpeg', '.webp', '.bmp', '.gif', '.tif', '.tiff'

$OutputFolder = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutputFolder)
$LogPath = if ($LogPath) { $PSCmdlet.GetUnresolvedProviderPathFromPSPath($LogPath) } else { Join-Path $OutputFolder 'Scheduled-Render.log' }

function Write-RunLog {
    # One line per event; tabs and line breaks in messages are flattened so every line stays one record.
    param([string] $Status, [string] $InputPath, [string] $Detail)
    $fields = (Get-Date).ToString('yyyy-MM-ddTHH:mm:ssK'), $Status, $InputPath, ($Detail -replace '\s*[\r\n\t]+\s*', ' ')
    Add-Content -LiteralPath $LogPath -Value ($fields -join "`t") -Encoding utf8
}

function Stop-Run {
    # The run cannot start: say so where a scheduler's operator looks (the log, stderr) and fail the run.
    param([string] $Message)
    try { Write-RunLog 'failed' '-' $Message } catch { $Host.UI.WriteErrorLine("Cannot write the log '$LogPath': $_") }
    $Host.UI.WriteErrorLine($Message)
    exit 1
}

try {
    New-Item -ItemType Directory -Force -Path $OutputFolder, (Split-Path -Parent $LogPath) | Out-Null
}
catch {
    $Host.UI.WriteErrorLine("Cannot create '$OutputFolder' or the log's folder: $($_.Exception.Message)")
    exit 1
}

$DropFolder = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($DropFolder)
if (-not (Test-Path -LiteralPath $DropFolder -PathType Container)) { Stop-Run "The drop folder '$DropFolder' does not exist." }

try {
    if ($ModulePath) { Import-Module $ModulePath }
    elseif (-not (Get-Command Invoke-Img2Img -ErrorAction SilentlyContinue)) { Import-Module InvokeAI.PowerShell }
}
catch {
    Stop-Run "Cannot import the InvokeAI.PowerShell module: $($_.Exception.Message)"
}

# Held for the whole run. Runs that overlap (a batch longer than the schedule's interval) would render the same
# inputs twice and fail on each other's outputs; the later run leaves the work to the one already going.
$lockPath = Join-Path $OutputFolder '.scheduled-render.lock'
try {
    $lock = [IO.File]::Open($lockPath, [IO.FileMode]::OpenOrCreate, [IO.FileAccess]::ReadWrite, [IO.FileShare]::None)
}
catch [IO.IOException] {
    Write-Warning "Another run is rendering into '$OutputFolder' (it holds $lockPath); leaving the work to it."
    exit 0
}

try {
    $modelArgument = if ($Model) { @{ Model = $Model } } else { @{} }
    $inputs = @(Get-ChildItem -LiteralPath $DropFolder -File | Where-Object Extension -In $InputExtensions | Sort-Object Name)
    $failures = 0
    # The output name is the one Save-Image gives '{stem}.png', which replaces control characters and those
    # Windows refuses in names (FileNameSanitizer's rule), so the skip test looks for the file a render writes.
    # Grouped without case, so the outputs are distinct on every platform.
    $byOutput = $inputs | Group-Object { ($_.BaseName -replace '[\x00-\x1F\x7F-\x9F"*/:<>?\\|]', '_') + '.png' }

    foreach ($group in $byOutput) {
        $output = Join-Path $OutputFolder $group.Name
        $first, $others = $group.Group
        foreach ($duplicate in @($others | Where-Object { $_ })) {
            $failures++
            Write-RunLog 'failed' $duplicate.FullName "OutputNameTaken: its output '$output' belongs to '$($first.Name)'; rename one of them."
        }
        if (Test-Path -LiteralPath $output) {
            Write-Verbose "Skipped $($first.FullName): '$output' exists."
            continue
        }
        try {
            $saved = $first | Invoke-Img2Img -Prompt $Prompt -Strength $Strength -Steps $Steps @modelArgument -ErrorAction Stop |
                Save-Image -Directory $OutputFolder -Path '{stem}.png' -PassThru -ErrorAction Stop
            Write-RunLog 'rendered' $first.FullName $saved.FullName
        }
        catch {
            $failures++
            Write-RunLog 'failed' $first.FullName "$(($_.FullyQualifiedErrorId -split ',')[0]): $($_.Exception.Message)"
        }
    }
}
finally {
    $lock.Dispose()
}

exit ($failures -gt 0 ? 1 : 0)

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

    The log (-LogPath) gets one line per input rendered or failed, tab-separated, and one for a run that could
    not start, was stopped or took over a stale lock:
        <timestamp, ISO 8601 with offset>  rendered   <input>  <output>
        <timestamp>                          failed     <input>  <error id>: <message>
        <timestamp>                          failed     -        <why the run could not start>
        <timestamp>                          stopped    <input>  RunStopped: <what was stopped>
        <timestamp>                          took-over  -        <the run that left the lock, which has ended>
        <timestamp>                          skipped    -        <another run holds the lock: this one left the work to it>
    Inputs skipped because their output exists are not logged (run with -Verbose to see them), so a run with
    nothing to do adds nothing. A run that cannot start (no drop folder, no module, -OutputFolder naming a file
    or a folder it cannot write its lock file in) logs one failed line with '-' as the input; when the log itself
    is in that folder, the reason goes to stderr only.

    Overlapping runs: a run holds <OutputFolder>/.scheduled-render.lock for as long as it renders, recording its
    process id and start time there. A run that finds the lock held leaves the work to the run holding it. A lock
    file that names a process which has ended, a different process under a reused id, or one whose start time
    cannot be read, was left by a run that was killed outright (a crash, kill -9, a power cut): the new run takes
    it over, removes the temporary file of the render the killed run was writing, and logs a took-over line (also
    written with -Verbose). A run that leaves the work to another logs a skipped line. A run that ends, finished, failed or stopped, empties the lock file and lets it go.

    Exit code:
        0    every input rendered or was skipped (also when there was nothing to do), or another run holds the
             lock (it does the work, so a schedule shorter than a batch is safe).
        1    any input failed, or the run could not start.
        130  the run was stopped: Ctrl+C, SIGINT, or the host stopping the script, also while the module loads
             or the lock is taken. The render under way is
             abandoned (Save-Image writes through a temporary file and a rename, so no partial or temporary
             file is left), a stopped line names its input, and the lock is released; the next run renders
             that input.

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
    $script:endedOnPurpose = $true
    exit 1
}

function Test-ScriptIsTheProcess {
    # True when pwsh was started to run this script (pwsh -File Scheduled-Render.ps1), as a scheduler does.
    $self = $PSCommandPath
    @([Environment]::GetCommandLineArgs() | Select-Object -Skip 1 | Where-Object {
            try { [IO.Path]::GetFullPath($_) -eq $self } catch { $false }
        }).Count -gt 0
}

function Exit-StoppedRun {
    # A stopped script's `exit` does not reach pwsh -File's exit code (it exits 0 or 1, by the way the stop
    # unwound), so when this script is the whole process the host is given the code itself. Run any other way (&
    # from a shell, a runspace), ending the host would end the caller's session: there `exit` sets $LASTEXITCODE.
    if (Test-ScriptIsTheProcess) { $Host.SetShouldExit(130) }
    exit 130
}

# Set by every deliberate end before the render loop (Stop-Run, leaving the work to another run); a finally reached
# without it, or the loop's own flag, was stopped (Ctrl+C while the module loads or the lock is taken).
$endedOnPurpose = $false

try {
    New-Item -ItemType Directory -Force -Path $OutputFolder, (Split-Path -Parent $LogPath) | Out-Null
}
catch {
    $Host.UI.WriteErrorLine("Cannot create '$OutputFolder' or the log's folder: $($_.Exception.Message)")
    exit 1
}
# New-Item -Force accepts a file of that name without a word, and the lock file could not be made inside it.
if (-not (Test-Path -LiteralPath $OutputFolder -PathType Container)) { Stop-Run "The output folder '$OutputFolder' is a file, not a folder." }

$DropFolder = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($DropFolder)
if (-not (Test-Path -LiteralPath $DropFolder -PathType Container)) { Stop-Run "The drop folder '$DropFolder' does not exist." }

$imported = $false
try {
    try {
        if ($ModulePath) { Import-Module $ModulePath }
        elseif (-not (Get-Command Invoke-Img2Img -ErrorAction SilentlyContinue)) { Import-Module InvokeAI.PowerShell }
        $imported = $true
    }
    catch {
        Stop-Run "Cannot import the InvokeAI.PowerShell module: $($_.Exception.Message)"
    }
}
finally {
    # Stopped while the module loaded: exit 130, as a stop later does.
    if (-not $imported -and -not $endedOnPurpose) { Exit-StoppedRun }
}

function Test-LockHeldElsewhere {
    # True when opening the lock failed because another open of it holds it: Windows' sharing and lock
    # violations, and on Linux and macOS the refused flock (EWOULDBLOCK: 11 and 35) that .NET's FileShare.None
    # takes. Any other failure (a missing folder, no write access) means this run cannot start.
    param([Exception] $Exception)
    $Exception.GetType() -eq [IO.IOException] -and $Exception.HResult -in @(-2147024864, -2147024863, 11, 35)
}

function Get-LockOwner {
    # The run the lock file names ({ ProcessId, ProcessStartTime }), or $null when it names none: emptied by a
    # run that ended normally, new, or unreadable (an older version of this script left it empty).
    param([IO.FileStream] $Lock)
    $Lock.Position = 0
    $text = [IO.StreamReader]::new($Lock, [Text.Encoding]::UTF8, $false, 1024, $true).ReadToEnd()
    if (-not $text.Trim()) { return $null }
    try {
        $owner = $text | ConvertFrom-Json
        [pscustomobject]@{ ProcessId = [int]$owner.ProcessId; ProcessStartTime = [datetimeoffset]$owner.ProcessStartTime }
    }
    catch { $null }
}

function Test-ProcessRunning {
    # True when the process the lock names still runs: the id exists and belongs to a process started when the
    # lock says (ids are reused). This run already holds the file lock, which on every file system with locks proves
    # no other run does; so a process whose start time cannot be read (Windows' protected processes, a reused id)
    # is not taken for the owner, or every later run would leave the work undone for good.
    param($Owner)
    if ($Owner.ProcessId -eq $PID) { return $false }
    try { $process = [Diagnostics.Process]::GetProcessById($Owner.ProcessId) }
    catch [ArgumentException] { return $false }
    try { $started = [datetimeoffset]$process.StartTime }
    catch { return $false }
    finally { $process.Dispose() }
    # Linux derives the start time from clock ticks since boot: two reads may differ by a fraction of a second.
    [math]::Abs(($started - $Owner.ProcessStartTime).TotalSeconds) -lt 1
}

function Enter-RunLock {
    # Opens and holds the lock file, recording this process in it. Returns $null when another run holds it.
    param([string] $Path)
    try {
        $lock = [IO.File]::Open($Path, [IO.FileMode]::OpenOrCreate, [IO.FileAccess]::ReadWrite, [IO.FileShare]::None)
    }
    catch {
        $problem = $_.Exception.InnerException ?? $_.Exception
        if (Test-LockHeldElsewhere $problem) { return $null }
        Stop-Run "Cannot use the output folder '$OutputFolder': its lock file '$Path' cannot be opened: $($problem.Message)"
    }
    $owner = Get-LockOwner $lock
    if ($owner -and (Test-ProcessRunning $owner)) {
        # A live run whose file lock did not hold (a file system without locks): still its work.
        $lock.Dispose()
        return $null
    }
    if ($owner) {
        # A run killed outright may have left Save-Image's temporary file of the render it was writing.
        $leftovers = @(Get-ChildItem -LiteralPath $OutputFolder -Force -File -Filter '.*.tmp' -ErrorAction SilentlyContinue)
        $leftovers | Remove-Item -Force -ErrorAction SilentlyContinue
        $message = "Took over the lock '$Path' from process $($owner.ProcessId) (started $($owner.ProcessStartTime.ToString('o'))), which has ended" +
            $(if ($leftovers) { "; removed its $($leftovers.Count) unfinished temporary file(s)." } else { '.' })
        Write-Verbose $message
        Write-RunLog 'took-over' '-' $message
    }
    $record = [ordered]@{ ProcessId = $PID; ProcessStartTime = [datetimeoffset][Diagnostics.Process]::GetCurrentProcess().StartTime }
    $bytes = [Text.Encoding]::UTF8.GetBytes(($record | ConvertTo-Json -Compress))
    $lock.SetLength(0)
    $lock.Write($bytes, 0, $bytes.Length)
    $lock.Flush($true)
    $lock
}

function Exit-RunLock {
    # Empties the lock file before letting it go, so the next run finds no owner to check. The file itself
    # stays: deleting it while another run waits to open it would let a third make a new one and both render.
    param([IO.FileStream] $Lock)
    try { $Lock.SetLength(0) } catch { Write-Verbose "Could not empty the lock file: $_" }
    $Lock.Dispose()
}

# Held for the whole run. Runs that overlap (a batch longer than the schedule's interval) would render the same
# inputs twice and fail on each other's outputs; the later run leaves the work to the one already going.
$lockPath = Join-Path $OutputFolder '.scheduled-render.lock'
$lock = $null
try {
    $lock = Enter-RunLock $lockPath
    if (-not $lock) {
        $endedOnPurpose = $true
        Write-Warning "Another run is rendering into '$OutputFolder' (it holds $lockPath); leaving the work to it."
        try { Write-RunLog 'skipped' '-' "Another run is rendering into '$OutputFolder' (it holds $lockPath); this run left the work to it." } catch { }
        exit 0
    }
}
finally {
    # Stopped while taking the lock: release it if it was taken, and exit 130.
    if (-not $lock -and -not $endedOnPurpose) { Exit-StoppedRun }
}

# Set at the end of the try below, and by its catch: a finally reached without either was stopped (Ctrl+C,
# SIGINT, PowerShell.Stop()), which PowerShell lets no catch see.
$finished = $false
$current = $null
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
        $current = $first.FullName
        try {
            $saved = $first | Invoke-Img2Img -Prompt $Prompt -Strength $Strength -Steps $Steps @modelArgument -ErrorAction Stop |
                Save-Image -Directory $OutputFolder -Path '{stem}.png' -PassThru -ErrorAction Stop
            Write-RunLog 'rendered' $first.FullName $saved.FullName
        }
        catch {
            $failures++
            Write-RunLog 'failed' $first.FullName "$(($_.FullyQualifiedErrorId -split ',')[0]): $($_.Exception.Message)"
        }
        $current = $null
    }
    $finished = $true
}
catch {
    # Not an input's fault (the drop folder vanished mid-run, the disk filled up while logging): the run failed.
    $finished = $true
    Stop-Run "The run failed: $($_.Exception.Message)"
}
finally {
    Exit-RunLock $lock
    if (-not $finished) {
        $what = $current ? "the render of '$current'" : 'the run'
        try { Write-RunLog 'stopped' ($current ?? '-') "RunStopped: $what was stopped before it finished; it renders again next run." } catch { }
        Exit-StoppedRun
    }
}

exit ($failures -gt 0 ? 1 : 0)

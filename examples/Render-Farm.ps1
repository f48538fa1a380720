<#
.SYNOPSIS
    Renders a folder of images, or a CSV file of jobs, across several machines with PowerShell remoting, each
    machine rendering its share with a session of its own.

.DESCRIPTION
    The jobs are split round-robin across the workers: remote computers (-ComputerName over WinRM, -HostName over
    SSH, or PSSessions you opened, -Session), or -LocalWorkers N jobs on this machine standing in for hosts. Every
    worker runs the same script block as a PowerShell job (Invoke-Command -AsJob, Start-ThreadJob or Start-Job):
    it imports the module (-ModulePath, as a path on that host), opens its own session of -Model (a path on that
    host) and renders its share one image at a time. The controller sends each job's input image along with it
    and gets the rendered PNG back (with its parameters in the file, as Save-Image writes them), so the hosts
    need no shared folder: only the module and the model. A render's file records the worker's temporary copy of its input,
    under the input's own file name, as its init image (-I); the summary's Input is the original's path.

    Each worker's share of the inputs travels with its job, in one message. PowerShell remoting accepts objects up
    to 200 MB by default (MaximumReceivedObjectSizeMB), so split a batch whose share per host is larger into
    several runs.

    The controller writes every render into -Destination as <input name>-<seed>.png; a name that is taken, by a
    file already there or by another job of the run (two inputs named house.png in a CSV file), gets -2, -3 and
    on. Nothing in -Destination is ever overwritten.

    A job that fails is reported (a warning naming the job, the worker and the error) and tried once more on
    another worker. A worker that fails as a whole (it cannot be reached, the module or the model does not load
    there) is not given any more jobs, and its jobs that had not rendered go to the others. A job that failed on
    two workers, or that has no other worker left to try, is failed: an error names it, and the exit code is 1.

    The output is one summary object: Items, Rendered, Retried (jobs that went to a second worker), Failed,
    Duration; Workers (per worker: Rendered, Failed and the error a worker failed with) and Jobs (per job: its
    Input, Output, Seed, the Worker that rendered it, Attempts and the Errors of every failed attempt).

.PARAMETER Path
    A folder of images to render: the files directly in it (.png, .jpg, .jpeg, .webp, .bmp, .gif, .tif, .tiff),
    one job each, rendered with the settings given on the command line.

.PARAMETER JobsCsv
    A CSV file of jobs, one row each, with an InitImage column and any other columns that bind to Invoke-Img2Img
    by property name (Prompt, Strength, Seed, PromptSyntax, Variations). An empty cell counts as not given; a
    setting given on the command line applies to every row and wins over its cell. A relative InitImage is
    relative to the current location, as `Import-Csv jobs.csv | Invoke-Img2Img` reads it.

.PARAMETER Destination
    The folder the renders are written to, created when missing.

.PARAMETER Prompt
    The prompt (Invoke-Img2Img -Prompt). Required unless every CSV row has one.

.PARAMETER Strength
    How far each render may move from its input, 0 to 1 (Invoke-Img2Img -Strength).

.PARAMETER Steps
    The schedule's steps (Invoke-Img2Img -Steps).

.PARAMETER Seed
    The seed of every render (Invoke-Img2Img -Seed). Without it, a CSV row's Seed, else a random seed per job;
    the seed a render used is in its file name.

.PARAMETER Width
    The width to render at (Invoke-Img2Img -Width). Without it, the input's.

.PARAMETER Height
    The height to render at (Invoke-Img2Img -Height). Without it, the input's.

.PARAMETER Sampler
    The sampler (Invoke-Img2Img -Sampler).

.PARAMETER LocalWorkers
    Renders with this many PowerShell jobs on this machine instead of remote hosts, named Local1, Local2 and on.
    Each opens a CPU session of its own (Open-DiffusionSession -Provider Cpu -DeviceId <n>: the device id is a
    worker slot on the CPU), so each loads the model once.

.PARAMETER LocalJobType
    What a local worker is: ThreadJob (Start-ThreadJob, a runspace of this process: the default) or Process
    (Start-Job, a pwsh process of its own, whose jobs and results cross a process boundary as they do between
    machines).

.PARAMETER ComputerName
    Remote hosts reached with WinRM (Invoke-Command -ComputerName, on the PowerShell.7 endpoint that
    Enable-PSRemoting registers when run in pwsh). Each must have the module installed.

.PARAMETER HostName
    Remote hosts reached with SSH (Invoke-Command -HostName, user@host allowed). Each must have pwsh, the module
    and an sshd powershell subsystem (see README.md).

.PARAMETER Session
    PSSessions to render in (New-PSSession -HostName or -ComputerName). Their diffusion sessions stay open
    after the run, so the next run does not load the model again.

.PARAMETER ModulePath
    The module each worker imports: a path as seen on that host, or a module name. Default: for local workers
    the module this session has imported (else InvokeAI.PowerShell), for remote hosts InvokeAI.PowerShell, the
    installed module.

.PARAMETER Model
    The model folder each worker opens, a path as seen on that host. Without it, $env:INVOKEAI_MODEL on that
    host, else the built-in demo model.

.PARAMETER ThreadCount
    ONNX Runtime's threads per operation on each worker (Open-DiffusionSession -ThreadCount): with several local
    workers, their total should not exceed the machine's cores.

.PARAMETER FailWorker
    For testing the retry path only: the named workers (Local2, or a host name as given) fail as a host that
    cannot load the module does, before rendering anything. Their jobs go to the other workers.

.EXAMPLE
    Import-Module ./out/InvokeAI.PowerShell
    ./examples/Render-Farm.ps1 -Path ./examples/sketches -Destination farm -Prompt 'watercolour, blue sky' -Seed 7 -Steps 10 -LocalWorkers 2 -ThreadCount 1

    Renders the five example sketches over two local workers (thread jobs standing in for hosts) into farm/,
    as house-7.png and on, and outputs the summary (Items 5, Rendered 5, Retried 0, Failed 0).

.EXAMPLE
    $summary = ./examples/Render-Farm.ps1 -Path ./examples/sketches -Destination farm-retried -Prompt 'fire' -Steps 4 -LocalWorkers 3 -ThreadCount 1 -FailWorker Local2 -WarningAction SilentlyContinue
    $summary.Workers | Format-Table Worker, Rendered, Failed, Error
    $summary.Jobs | Where-Object Attempts -gt 1 | Format-Table Input, Worker, Errors

    The retry path: worker Local2 fails as a whole, so its jobs are rendered by Local1 and Local3 instead. Every
    sketch is still rendered once, and the summary lists the jobs retried and why.

.EXAMPLE
    $hosts = 'render1', 'me@render2.example.com'
    ./examples/Render-Farm.ps1 -JobsCsv jobs.csv -Destination D:\Renders -HostName $hosts -Model /srv/models/sd15-onnx

    A real fleet over SSH remoting: each host has pwsh, the module installed and the model at /srv/models/sd15-onnx
    (README.md, "Installing on a render fleet", has the set-up). Use -ComputerName for WinRM.
#>

# After the help: a #Requires line above it keeps Get-Help from finding the help block.
#Requires -Version 7.4
[CmdletBinding(SupportsShouldProcess)]
param(
    [string] $Path,
    [string] $JobsCsv,
    [Parameter(Mandatory)] [string] $Destination,
    [string] $Prompt,
    [ValidateRange(0.0, 1.0)] [double] $Strength,
    [ValidateRange(1, 1000)] [int] $Steps,
    [long] $Seed,
    [int] $Width,
    [int] $Height,
    [string] $Sampler,
    [ValidateRange(1, 64)] [int] $LocalWorkers,
    [ValidateSet('ThreadJob', 'Process')] [string] $LocalJobType = 'ThreadJob',
    [string[]] $ComputerName,
    [string[]] $HostName,
    [System.Management.Automation.Runspaces.PSSession[]] $Session,
    [string] $ModulePath,
    [string] $Model,
    [ValidateRange(1, 1024)] [int] $ThreadCount,
    [string[]] $FailWorker = @()
)

Set-StrictMode -Version Latest
$ProgressPreference = 'SilentlyContinue'
$started = [Diagnostics.Stopwatch]::StartNew()

# What Invoke-Img2Img reads; anything else in the folder (notes, partial downloads) is left alone.
$InputExtensions = '.png', '.jpg', '.jpeg', '.webp', '.bmp', '.gif', '.tif', '.tiff'
# A job is tried on at most this many workers: the first, and one more.
$MaxAttempts = 2

if ([bool]$Path -eq [bool]$JobsCsv) { throw 'Give either -Path (a folder of images) or -JobsCsv (a CSV file of jobs).' }
$hostKinds = @(@{ LocalWorkers = $LocalWorkers; ComputerName = $ComputerName; HostName = $HostName; Session = $Session }.GetEnumerator() | Where-Object Value)
if ($hostKinds.Count -ne 1) { throw 'Give one of -LocalWorkers, -ComputerName, -HostName or -Session: the workers to render on.' }

# --- The worker: the same script block on every host, whatever runs it. ---------------------------------------
# Its arguments and results are plain values (strings, numbers, byte arrays, hashtables), so they cross a process
# or a network boundary unchanged. Each job's result is written as soon as it is rendered, so a worker that dies
# midway keeps the renders it finished.
$worker = {
    param([string] $WorkerName, [string] $ModulePath, [hashtable] $SessionParameters, [hashtable] $RenderParameters,
        [object[]] $Jobs, [bool] $Fail, [bool] $CloseSession)
    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    if ($Fail) { throw "Worker '$WorkerName' failed on purpose (-FailWorker), as a host that cannot load the module does." }
    Import-Module $ModulePath
    $diffusion = Open-DiffusionSession @SessionParameters
    $scratch = Join-Path ([IO.Path]::GetTempPath()) "render-farm-$([guid]::NewGuid())"
    try {
        foreach ($job in $Jobs) {
            # The input under its own name, so the render's Source is the file's name.
            $folder = New-Item -ItemType Directory -Path (Join-Path $scratch $job.Id) -Force
            $init = Join-Path $folder $job.FileName
            [IO.File]::WriteAllBytes($init, [byte[]]$job.Bytes)
            $row = [pscustomobject]$job.Row
            $row | Add-Member -NotePropertyName InitImage -NotePropertyValue $init -Force
            $clock = [Diagnostics.Stopwatch]::StartNew()
            try {
                $image = $row | Invoke-Img2Img @RenderParameters -Session $diffusion
                $output = Join-Path $folder 'render.png'
                $image | Save-Image -Path $output -Force
                @{ Id = $job.Id; Worker = $WorkerName; Computer = [Environment]::MachineName; Rendered = $true
                    Seed = [string]$image.Seed; Bytes = [IO.File]::ReadAllBytes($output); Error = $null; Seconds = $clock.Elapsed.TotalSeconds }
            }
            catch {
                @{ Id = $job.Id; Worker = $WorkerName; Computer = [Environment]::MachineName; Rendered = $false
                    Seed = $null; Bytes = $null; Seconds = $clock.Elapsed.TotalSeconds
                    # The error names the input as the controller knows it, not this worker's copy.
                    Error = "$(($_.FullyQualifiedErrorId -split ',')[0]): $($_.Exception.Message.Replace($init, $job.Source))" }
            }
            finally { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
        }
    }
    finally {
        Remove-Item -LiteralPath $scratch -Recurse -Force -ErrorAction SilentlyContinue
        if ($CloseSession) { $diffusion | Close-DiffusionSession }
    }
}

# --- The jobs. --------------------------------------------------------------------------------------------------
function New-FarmJob([int] $Id, [string] $InputPath, [hashtable] $Row) {
    [pscustomobject]@{ Id = $Id; Input = $InputPath; Row = $Row; Status = 'Pending'; Output = $null; Seed = $null
        Worker = $null; Attempts = 0; Tried = [Collections.Generic.List[string]]::new(); Errors = [Collections.Generic.List[string]]::new() }
}

$jobs = [Collections.Generic.List[object]]::new()
if ($Path) {
    $folder = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($Path)
    if (-not (Test-Path -LiteralPath $folder -PathType Container)) { throw "The folder '$folder' does not exist." }
    foreach ($file in Get-ChildItem -LiteralPath $folder -File | Where-Object Extension -In $InputExtensions | Sort-Object Name) {
        $jobs.Add((New-FarmJob ($jobs.Count + 1) $file.FullName @{}))
    }
}
else {
    foreach ($line in Import-Csv -LiteralPath $JobsCsv -ErrorAction Stop) {
        $row = @{}
        foreach ($cell in $line.PSObject.Properties) { if ("$($cell.Value)".Trim()) { $row[$cell.Name] = $cell.Value } }
        if (-not $row['InitImage']) { throw "Row $($jobs.Count + 1) of '$JobsCsv' has no InitImage." }
        $init = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($row['InitImage'])
        $row.Remove('InitImage')
        $jobs.Add((New-FarmJob ($jobs.Count + 1) $init $row))
    }
}
if ($jobs.Count -eq 0) { throw "Nothing to render: no images in '$Path$JobsCsv'." }

# The settings every job is rendered with: only those given, so a CSV row's cells fill the rest.
$render = @{}
foreach ($name in 'Prompt', 'Strength', 'Steps', 'Seed', 'Width', 'Height', 'Sampler') {
    if ($PSBoundParameters.ContainsKey($name)) { $render[$name] = $PSBoundParameters[$name] }
}

# --- The workers. -----------------------------------------------------------------------------------------------
# Each worker is a name, the Open-DiffusionSession parameters it opens its session with, and where its job runs:
# Local (a job on this machine) or the Invoke-Command parameters that reach its host.
$workers = [Collections.Generic.List[object]]::new()
function Add-FarmWorker([string] $Name, [hashtable] $SessionParameters, [hashtable] $Remote) {
    if ($Model) { $SessionParameters['Model'] = $Model }
    if ($ThreadCount) { $SessionParameters['ThreadCount'] = $ThreadCount }
    $workers.Add([pscustomobject]@{ Worker = $Name; SessionParameters = $SessionParameters; Remote = $Remote
            Healthy = $true; Rendered = 0; Failed = 0; Error = $null })
}
if ($LocalWorkers) {
    $loaded = Get-Module InvokeAI.PowerShell | Select-Object -First 1
    if (-not $ModulePath) { $ModulePath = if ($loaded) { $loaded.ModuleBase } else { 'InvokeAI.PowerShell' } }
    foreach ($slot in 1..$LocalWorkers) { Add-FarmWorker "Local$slot" @{ Provider = 'Cpu'; DeviceId = $slot } $null }
}
else {
    if (-not $ModulePath) { $ModulePath = 'InvokeAI.PowerShell' }
    # PowerShell 7's WinRM endpoint (Enable-PSRemoting in pwsh registers it); the default one is Windows PowerShell 5.1.
    foreach ($computer in @($ComputerName | Where-Object { $_ })) { Add-FarmWorker $computer @{} @{ ComputerName = $computer; ConfigurationName = 'PowerShell.7' } }
    foreach ($target in @($HostName | Where-Object { $_ })) { Add-FarmWorker $target @{} @{ HostName = $target } }
    foreach ($remote in @($Session | Where-Object { $_ })) { Add-FarmWorker $remote.ComputerName @{} @{ Session = $remote } }
}

function Start-FarmWorker($Target, [object[]] $Arguments) {
    # The same script block, $worker, everywhere: only what runs it differs.
    if ($Target.Remote) { $remote = $Target.Remote; Invoke-Command @remote -ScriptBlock $worker -ArgumentList $Arguments -AsJob }
    elseif ($LocalJobType -eq 'Process') { Start-Job -ScriptBlock $worker -ArgumentList $Arguments }
    else { Start-ThreadJob -ScriptBlock $worker -ArgumentList $Arguments -ThrottleLimit $LocalWorkers }
}
# A worker's own diffusion session is closed when its job ends, except in PSSessions the caller keeps.
$closeSessions = -not $Session

# --- Writing a render: never over a file, never under a name another job took. -------------------------------
function Save-FarmRender($Job, [byte[]] $Bytes, [string] $RenderSeed) {
    # Save-Image's rule for a name: control characters and those Windows refuses become _.
    $stem = [IO.Path]::GetFileNameWithoutExtension($Job.Input) -replace '[\x00-\x1F\x7F-\x9F"*/:<>?\\|]', '_'
    $temporary = Join-Path $Destination ".render-farm-$([guid]::NewGuid()).tmp"
    [IO.File]::WriteAllBytes($temporary, $Bytes)
    for ($n = 1; ; $n++) {
        $name = if ($n -eq 1) { "$stem-$RenderSeed.png" } else { "$stem-$RenderSeed-$n.png" }
        $target = Join-Path $Destination $name
        if (Test-Path -LiteralPath $target) { continue }
        try { [IO.File]::Move($temporary, $target, $false); return $target }
        catch [IO.IOException] { if (-not (Test-Path -LiteralPath $target)) { throw } }
    }
}

# --- Rounds: every pending job goes to a worker it has not failed on; failures come back for the next round. ---
$Destination = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($Destination)
if (Test-Path -LiteralPath $Destination -PathType Leaf) { throw "The destination '$Destination' is a file, not a folder." }
$pending = @($jobs)
$firstRound = $true
$running = @()
try {
    while ($pending.Count) {
        $healthy = @($workers | Where-Object Healthy)
        $shares = @{}
        $turn = 0
        foreach ($job in $pending) {
            $candidates = @($healthy | Where-Object Worker -NotIn $job.Tried)
            if (-not $candidates) {
                $job.Status = 'Failed'
                $job.Errors.Add('No other worker was left to try it on.')
                continue
            }
            # Round-robin over the workers this job may go to, starting where the last job left off.
            $chosen = $candidates[$turn++ % $candidates.Count]
            if ($firstRound -and -not $PSCmdlet.ShouldProcess("$($job.Input)", "Render on $($chosen.Worker) into $Destination")) {
                $job.Status = 'Skipped'
                continue
            }
            if (-not $shares.ContainsKey($chosen.Worker)) { $shares[$chosen.Worker] = [Collections.Generic.List[object]]::new() }
            $shares[$chosen.Worker].Add($job)
        }
        $firstRound = $false
        if (-not $shares.Count) { break }
        New-Item -ItemType Directory -Force -Path $Destination -WhatIf:$false | Out-Null

        $running = foreach ($entry in $shares.GetEnumerator()) {
            $farmWorker = $workers | Where-Object Worker -EQ $entry.Key
            $payload = @(foreach ($job in $entry.Value) {
                    $job.Attempts++
                    $job.Tried.Add($farmWorker.Worker)
                    @{ Id = [string]$job.Id; FileName = [IO.Path]::GetFileName($job.Input); Source = $job.Input; Row = $job.Row
                        Bytes = $(try { [IO.File]::ReadAllBytes($job.Input) } catch { [byte[]]@() }) }
                })
            Write-Verbose "Sending $($payload.Count) job(s) to $($farmWorker.Worker)."
            $arguments = @($farmWorker.Worker, $ModulePath, $farmWorker.SessionParameters, $render, $payload, ($farmWorker.Worker -in $FailWorker), $closeSessions)
            try { $psJob = Start-FarmWorker $farmWorker $arguments }
            catch { $psJob = $null; $startError = $_ }
            [pscustomobject]@{ Worker = $farmWorker; Jobs = $entry.Value; PSJob = $psJob; StartError = $(if (-not $psJob) { $startError }) }
        }

        $retry = [Collections.Generic.List[object]]::new()
        foreach ($share in $running) {
            $results = @{}
            $problems = @()
            if ($share.PSJob) {
                # Read from the job's streams rather than with Receive-Job, so a worker's failure is reported here,
                # once, and not written again as an error of this script.
                $null = Wait-Job -Job $share.PSJob
                foreach ($part in @($share.PSJob) + @($share.PSJob.ChildJobs)) {
                    foreach ($result in $part.Output.ReadAll()) {
                        if ($result -and $result['Id']) { $results[[string]$result['Id']] = $result }
                    }
                    $problems += @($part.Error.ReadAll())
                    if ($part.JobStateInfo.State -eq 'Failed' -and $part.JobStateInfo.Reason) { $problems += $part.JobStateInfo.Reason.Message }
                }
                Remove-Job -Job $share.PSJob -Force
                $share.PSJob = $null
            }
            else { $problems = @($share.StartError) }
            if ($problems) {
                $share.Worker.Healthy = $false
                $share.Worker.Error = "$($problems[0])"
                Write-Warning "Worker $($share.Worker.Worker) failed: $("$($problems[0])".TrimEnd('.')). It is given no more jobs."
            }
            foreach ($job in $share.Jobs) {
                $result = $results[[string]$job.Id]
                if ($result -and $result['Rendered']) {
                    $job.Output = Save-FarmRender $job $result['Bytes'] $result['Seed']
                    $job.Seed = $result['Seed']
                    $job.Worker = $share.Worker.Worker
                    $job.Status = 'Rendered'
                    $share.Worker.Rendered++
                    Write-Verbose "$($job.Input) rendered on $($job.Worker) as $($job.Output)."
                    continue
                }
                $why = if ($result) { $result['Error'] } else { "the worker failed before rendering it: $($share.Worker.Error)" }
                $job.Errors.Add("$($share.Worker.Worker): $why")
                $share.Worker.Failed++
                $next = $job.Attempts -lt $MaxAttempts
                Write-Warning "Job $($job.Id) ($($job.Input)) failed on $($share.Worker.Worker): $why$(if ($next) { ' Retrying it on another worker.' })"
                if ($next) { $retry.Add($job) } else { $job.Status = 'Failed' }
            }
        }
        $pending = @($retry)
    }
}
finally {
    # Stopped (Ctrl+C) while the workers rendered: stop their jobs rather than leave them running.
    foreach ($share in @($running)) { if ($share.PSJob) { Remove-Job -Job $share.PSJob -Force -ErrorAction SilentlyContinue } }
}

# --- The summary. -----------------------------------------------------------------------------------------------
$done = @($jobs | Where-Object Status -NE 'Skipped')
$summary = [pscustomobject]@{
    PSTypeName  = 'RenderFarm.Summary'
    Items       = $done.Count
    Rendered    = @($done | Where-Object Status -EQ 'Rendered').Count
    Retried     = @($done | Where-Object Attempts -GT 1).Count
    Failed      = @($done | Where-Object Status -EQ 'Failed').Count
    Duration    = $started.Elapsed
    Destination = $Destination
    Workers     = @($workers | Select-Object Worker, Rendered, Failed, Error)
    Jobs        = @(foreach ($job in $done) {
            [pscustomobject]@{ Id = $job.Id; Input = $job.Input; Status = $job.Status; Output = $job.Output; Seed = $job.Seed
                Worker = $job.Worker; Attempts = $job.Attempts; Errors = [string[]]$job.Errors }
        })
}
$summary.PSObject.Members.Add([System.Management.Automation.PSMemberSet]::new('PSStandardMembers', [System.Management.Automation.PSMemberInfo[]]@(
            [System.Management.Automation.PSPropertySet]::new('DefaultDisplayPropertySet', [string[]]('Items', 'Rendered', 'Retried', 'Failed', 'Duration', 'Destination')))))
$summary

foreach ($job in @($done | Where-Object Status -EQ 'Failed')) {
    Write-Error -Message "Job $($job.Id) ($($job.Input)) failed: $($job.Errors -join ' ')" -ErrorId RenderFarmJobFailed -TargetObject $job.Input -Category NotSpecified
}
exit ($summary.Failed ? 1 : 0)

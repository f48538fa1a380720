<#
.SYNOPSIS
    Runs documentation examples as a user would type them, in the child pwsh that Examples.psm1 starts.
.DESCRIPTION
    Reads the cases (-CasePath, JSON from Invoke-ExampleCase) and writes, per case and step, the errors it wrote,
    its warnings and its output as the console would show it (-ResultPath). Each case gets a fresh runspace with
    the module imported, its own folder as the location, and the demo model: INVOKEAI_MODEL is removed before
    each case, and every session is closed after it, so no case sees what an earlier one loaded or set. Judging the results is the
    tests' business, not this script's.
#>
param(
    [Parameter(Mandatory)] [string] $CasePath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    # Long enough for the slowest example on a loaded machine; a case that takes longer is stopped and failed.
    [int] $TimeoutSeconds = 300
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
# Examples import the module by name where a user has it installed (in ForEach-Object -Parallel, in a child
# pwsh): the folder that holds the module under test stands in for the user's module path.
$env:PSModulePath = (Split-Path -Parent ([IO.Path]::GetFullPath($ModulePath))) + [IO.Path]::PathSeparator + $env:PSModulePath

function New-ExampleRunspace {
    $state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
    $state.ImportPSModule($ModulePath)
    # Examples run `pwsh`; where PowerShell is only a dotnet tool (this repository's build) there is no pwsh on
    # the PATH, so the command is this same PowerShell.
    if (-not (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue)) {
        $quoted = (@(Get-ChildPwsh) | ForEach-Object { "'" + ($_ -replace "'", "''") + "'" }) -join ' '
        $state.Commands.Add([System.Management.Automation.Runspaces.SessionStateFunctionEntry]::new('pwsh', "& $quoted @args"))
    }
    $runspace = [runspacefactory]::CreateRunspace($state)
    $runspace.Open()
    $runspace
}

function Invoke-InRunspace {
    # Runs code in the runspace as one pipeline ending in Out-String, so the output is text as the console
    # shows it; returns the output, errors and warnings, and any exception that ended it.
    param($Runspace, [string] $Code)
    $shell = [powershell]::Create($Runspace)
    try {
        [void]$shell.AddScript($Code).AddCommand('Out-String').AddParameter('Width', 120)
        $exception = $null
        $timeout = $null
        $output = ''
        $async = $shell.BeginInvoke()
        if (-not $async.AsyncWaitHandle.WaitOne([timespan]::FromSeconds($TimeoutSeconds))) {
            $shell.Stop()
            $timeout = "It did not finish within $TimeoutSeconds s and was stopped."
        }
        else {
            try { $output = -join $shell.EndInvoke($async) }
            catch { $exception = $_.Exception.InnerException ?? $_.Exception }
        }
        $errors = @($shell.Streams.Error)
        if ($exception -is [System.Management.Automation.IContainsErrorRecord]) { $errors += $exception.ErrorRecord }
        elseif ($exception) { $errors += [System.Management.Automation.ErrorRecord]::new($exception, 'UnhandledException', 'NotSpecified', $null) }
        [pscustomobject]@{
            Output   = $output
            Warnings = @($shell.Streams.Warning | ForEach-Object Message)
            Errors   = @($errors | ForEach-Object {
                    [pscustomobject]@{
                        Command  = "$($_.InvocationInfo.MyCommand.Name)"
                        Message  = $_.ErrorDetails.Message ?? $_.Exception.Message
                        Id       = $_.FullyQualifiedErrorId
                        Position = if ($_.InvocationInfo.PositionMessage) { "`n$($_.InvocationInfo.PositionMessage)" } else { '' }
                    }
                })
            Timeout  = $timeout
        }
    }
    finally {
        $shell.Dispose()
    }
}

$results = foreach ($case in @(Get-Content -Raw -LiteralPath $CasePath | ConvertFrom-Json)) {
    $failure = $null
    $steps = @()
    $runspace = $null
    # The environment is the process's: an example that sets INVOKEAI_MODEL must not choose the next one's model.
    Remove-Item Env:INVOKEAI_MODEL -ErrorAction SilentlyContinue
    try {
        $runspace = New-ExampleRunspace
        $runspace.SessionStateProxy.Path.SetLocation($case.Directory) | Out-Null
        foreach ($code in @($case.Prelude)) {
            $prelude = Invoke-InRunspace $runspace $code
            if ($prelude.Errors.Count -or $prelude.Timeout) { throw "Its prelude failed: $($prelude.Errors.Message -join '; ') $($prelude.Timeout)" }
        }
        $steps = foreach ($step in @($case.Steps)) { Invoke-InRunspace $runspace $step.Code }
        $failure = @($steps | Where-Object Timeout | ForEach-Object Timeout) -join ' '
    }
    catch {
        $failure = "$_"
    }
    finally {
        if ($runspace) {
            # The module's sessions are the process's: closed here, the next case loads the demo model afresh.
            # An example may have removed the module (about_InvokeAI's last one does, closing them itself).
            Invoke-InRunspace $runspace 'if (Get-Command Close-DiffusionSession -ErrorAction Ignore) { Close-DiffusionSession -All }' | Out-Null
            $runspace.Dispose()
        }
    }
    [pscustomobject]@{ Name = $case.Name; Steps = @($steps); Failure = $failure ? $failure : $null }
}
ConvertTo-Json -InputObject @($results) -Depth 6 | Set-Content -LiteralPath $ResultPath -Encoding utf8

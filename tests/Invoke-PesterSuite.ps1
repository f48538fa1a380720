<#
.SYNOPSIS
    Runs the Pester suite against the built module, in the fresh pwsh that build.ps1 starts for it.
.DESCRIPTION
    Writes {"Passed": n, "Failed": n} to -ResultPath so build.ps1 can add the counts to xunit's.
    The tests find the module through $env:INVOKEAI_TEST_MODULE, so they always load the built copy, and this
    platform's package folder through $env:INVOKEAI_TEST_PACKAGES, to install it as a user would.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModuleDirectory,
    [Parameter(Mandatory)] [string] $PackageDirectory,
    [Parameter(Mandatory)] [string] $TestDirectory,
    [Parameter(Mandatory)] [string] $ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$env:INVOKEAI_TEST_MODULE = $ModuleDirectory
$env:INVOKEAI_TEST_PACKAGES = $PackageDirectory
# Renders in tests must use the built-in demo model, whatever the developer's shell has set.
Remove-Item Env:INVOKEAI_MODEL -ErrorAction SilentlyContinue

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestDirectory
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $configuration

# Repeated at the end because CI keeps only the tail of the log.
foreach ($test in $result.Failed) {
    $message = "$($test.ErrorRecord | Select-Object -First 1)" -split "`n" | Select-Object -First 2
    Write-Host "  [Pester] $($test.ExpandedPath): $($message -join ' | ')"
}
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed } | ConvertTo-Json | Set-Content -Path $ResultPath
if ($failed -gt 0) { exit 1 }

<#
.SYNOPSIS
    Runs the Pester suite against the built module, in the fresh pwsh that build.ps1 starts for it.
.DESCRIPTION
    Writes {"Passed": n, "Failed": n} to -ResultPath so build.ps1 can add the counts to xunit's.
    The tests find the module through $env:INVOKEAI_TEST_MODULE, so they always load the built copy, and this
    platform's package folder through $env:INVOKEAI_TEST_PACKAGES, to install it as a user would.
    A passing run prints one count line; a failing one prints each failed test, block or file with its message
    and where it failed, then the count line.
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
# Pester's own report names every test (Detailed) or every file (Normal); the failures below say what matters.
$configuration.Output.Verbosity = 'None'
$result = Invoke-Pester -Configuration $configuration

function Format-Failure {
    # One line: what failed, the first lines of its message, and the test file line where it failed.
    param([string] $What, [Management.Automation.ErrorRecord[]] $Errors)
    # A test fails without an error of its own when its block's setup failed, which is listed with the blocks.
    if (-not $Errors) { return "  [Pester] ${What}: failed with its block" }
    $first = $Errors | Select-Object -First 1
    $message = "$first".Trim() -split "`n" | Select-Object -First 3
    $where = "$($first.ScriptStackTrace)" -split "`n" | Where-Object { $_ -match '\.ps1: line \d+' } | Select-Object -First 1
    "  [Pester] ${What}: $($message -join ' | ')" + ($where ? " ($($where.Trim()))" : '')
}

# Each failure is printed here, at the end, because CI keeps only the tail of the log.
foreach ($container in $result.FailedContainers) { Format-Failure "file $($container.Item)" $container.ErrorRecord | Write-Host }
foreach ($block in $result.FailedBlocks) { Format-Failure "block $($block.ExpandedPath)" $block.ErrorRecord | Write-Host }
foreach ($test in $result.Failed) { Format-Failure $test.ExpandedPath $test.ErrorRecord | Write-Host }

$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
Write-Host ('Pester: {0} passed, {1} failed, {2} skipped, {3} not run in {4:N1} s' -f
    $result.PassedCount, $failed, $result.SkippedCount, $result.NotRunCount, $result.Duration.TotalSeconds)
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed } | ConvertTo-Json | Set-Content -Path $ResultPath
if ($failed -gt 0) { exit 1 }

<#
.SYNOPSIS
    Builds, tests and demonstrates InvokeAI.PowerShell.
.DESCRIPTION
    Build   lays the module out in out/InvokeAI.PowerShell (importable with Import-Module) with the demo model
            and the example sketches (sketches/, for the help examples).
    Test    builds, packs this platform's package, runs the xunit suite then the Pester suite (the built module in
            a fresh pwsh, and the package installed with PSResourceGet), and prints "N passed, N failed" (both
            suites together) as its last line; exits non-zero on any failure. A passing run prints one count line
            per suite; a failing one names each failed test with its message.
    Package builds the module for each platform ONNX Runtime's GPU package has native libraries for (linux-x64,
            win-x64) and packs each into out/packages/<platform>/InvokeAI.PowerShell.<version>.nupkg: a folder to
            register as a PSResourceGet repository and Install-PSResource from.
    Demo    builds, then renders every sketch in examples/sketches with its own prompt into out/demo.
    Bench   builds, then times a real-architecture model (-BenchModel, else bench-sd-lp with generated weights in
            out/bench-model) and the demo model (speed targets live here, never in unit tests): loads with and
            without the optimised-model cache, first and warm renders at 256 and 512 px with stage times, ONNX
            Runtime time and overhead ratio, a one-prompt batch's renders/s, peak working set of VAE-only renders
            up to 2048 px tiled and untiled; issue 11's targets reported as PASS or MISS. -WarmRuns, -BatchSize,
            -SkipMemory and -SkipLoad make a real-size model's run cheaper. Writes out/bench/bench.json and bench.txt.
    Soak    builds, then renders the demo model 300 times in one session (build/Soak.ps1): reports renders/s and
            the working set at renders 50, 150 and 300, fails when the working set grows more than 32 MB from
            render 50 to 300 or the last stretch runs at under half the rate of renders 50-150, and reports the
            peak working set of a batch holding a PNG that declares 30000x30000 pixels. Writes out/soak.json.
            Not part of Test.
    Clean   removes out/ and every bin/ and obj/ folder.
    Run it as `dotnet tool restore && dotnet pwsh ./build.ps1 -Task <task>`: it restores everything else itself.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
#Requires -Version 7.4
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Bench', 'Soak', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Where out/, bin/ and obj/ go; by default the repository itself. Another folder keeps a second build of the
    # same checkout from writing the same files.
    [string] $ArtifactsRoot,

    # Bench only: the model folder to time besides the demo model; by default a bench-sd-lp copy whose weights
    # build/Bench.ps1 generates into out/bench-model (python3 needed), else the demo model alone.
    [string] $BenchModel,

    # Bench only: warm renders per size (median reported; default 3), images in the one-prompt batch (default 10),
    # and skipping the fresh-process peak-memory or load measurements: a real-size SD 1.5 model needs the cheap run.
    [ValidateRange(1, 20)] [int] $WarmRuns,
    [ValidateRange(2, 100)] [int] $BatchSize,
    [switch] $SkipMemory,
    [switch] $SkipLoad
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$RepoRoot = $PSScriptRoot
$ArtifactsProperty = @()
if ($ArtifactsRoot) {
    $ArtifactsRoot = [IO.Path]::GetFullPath($ArtifactsRoot)
    $ArtifactsProperty = @("-p:InvokeAIArtifactsRoot=$ArtifactsRoot")
}
$OutDir = Join-Path ($ArtifactsRoot ? $ArtifactsRoot : $RepoRoot) 'out'
$ModuleDir = Join-Path $OutDir 'InvokeAI.PowerShell'
$PackageRoot = Join-Path $OutDir 'packages'
$PesterVersion = '5.7.1'
# The platforms ONNX Runtime's GPU package ships native libraries for: a module for any other could load no model.
$PackagePlatforms = @('linux-x64', 'win-x64')

function Invoke-Native {
    # Runs an external command and stops the build when it fails (native commands do not throw by themselves).
    param([string] $What, [scriptblock] $Command)
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)." }
}

function Get-ChildPwsh {
    # A fresh pwsh of the same installation: under `dotnet pwsh` the process is dotnet and pwsh.dll its argument.
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    return @($process)
}

function Invoke-ChildPwsh {
    param([string] $What, [string[]] $Arguments)
    $pwsh = @(Get-ChildPwsh)
    $prefix = @($pwsh | Select-Object -Skip 1)
    Invoke-Native $What { & $pwsh[0] @prefix -NoProfile -NonInteractive @Arguments }
}

function Get-ProjectVersion {
    $props = [xml](Get-Content -Raw (Join-Path $RepoRoot 'Directory.Build.props'))
    return ($props.Project.PropertyGroup | ForEach-Object { $_.Version } | Where-Object { $_ } | Select-Object -First 1)
}

function Copy-ExampleSketches {
    # The sketches ship inside the module (the pictures only, not the script that draws them), so that help
    # examples can render them from any folder: $sketches = Join-Path (Get-Module InvokeAI.PowerShell).ModuleBase sketches
    param([string] $ModuleDir)
    $source = Join-Path $RepoRoot 'examples/sketches'
    $destination = Join-Path $ModuleDir 'sketches'
    Remove-Item $destination -Recurse -Force -ErrorAction SilentlyContinue
    foreach ($picture in Get-ChildItem $source -Filter *.png -File -Recurse) {
        $target = Join-Path $destination ([IO.Path]::GetRelativePath($source, $picture.FullName))
        New-Item -ItemType Directory (Split-Path $target) -Force | Out-Null
        Copy-Item -LiteralPath $picture.FullName -Destination $target
    }
}

function Invoke-Build {
    # This machine's platform into out/InvokeAI.PowerShell, unless the Package task asks for another.
    param(
        [string] $RuntimeIdentifier = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier,
        [string] $ModuleDir = $script:ModuleDir
    )
    Write-Host "Building the module for $RuntimeIdentifier into $ModuleDir"
    # A fresh folder: an assembly left at the root by an older layout would be found by PowerShell's probing there,
    # beside the copy the module loads from deps/ into its own load context.
    Remove-Item $ModuleDir -Recurse -Force -ErrorAction SilentlyContinue
    # A runtime-specific publish puts that platform's ONNX Runtime native libraries in deps/ beside the managed
    # assemblies (src/InvokeAI.PowerShell/EngineFolder.targets), where the module's load context and ONNX Runtime
    # find them; Directory.Build.targets keeps the other platforms' out.
    Invoke-Native "dotnet publish for $RuntimeIdentifier" {
        dotnet publish (Join-Path $RepoRoot 'src/InvokeAI.PowerShell/InvokeAI.PowerShell.csproj') `
            -c $Configuration -r $RuntimeIdentifier --self-contained false -o $ModuleDir --nologo -v quiet @ArtifactsProperty
    }

    # ONNX Runtime's Windows package carries import libraries (.lib) for linking C++ against it; nothing loads them.
    Get-ChildItem $ModuleDir -Filter *.lib -File -Recurse | Remove-Item

    $version = Get-ProjectVersion
    $manifest = Get-Content -Raw (Join-Path $RepoRoot 'module/InvokeAI.PowerShell.psd1')
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion          = '$version'"
    Set-Content -Path (Join-Path $ModuleDir 'InvokeAI.PowerShell.psd1') -Value $manifest -NoNewline
    Copy-Item (Join-Path $RepoRoot 'module/*.ps1xml') $ModuleDir -Force
    if (Test-Path (Join-Path $RepoRoot 'module/en-US')) {
        Copy-Item (Join-Path $RepoRoot 'module/en-US') $ModuleDir -Recurse -Force
    }
    & (Join-Path $RepoRoot 'build/Build-Help.ps1') -ModuleDirectory $ModuleDir
    Copy-ExampleSketches -ModuleDir $ModuleDir

    # The demo model is part of the product: build it into the module so the first render needs nothing else.
    # Loaded in a throwaway pwsh, so its default context may hold the engine: nothing else is loaded there.
    $demoDll = Join-Path $ModuleDir 'deps/InvokeAI.DemoModel.dll'
    $demoDir = Join-Path $ModuleDir 'models/demo'
    # Always rebuilt: the builder skips a folder of the same demo version, which would keep stale graphs here.
    Remove-Item $demoDir -Recurse -Force -ErrorAction SilentlyContinue
    Invoke-ChildPwsh 'Building the demo model' @('-Command',
        "Add-Type -Path '$demoDll'; [InvokeAI.DemoModel.DemoModelBuilder]::Build('$demoDir')")
    Write-Host "Module $version built: Import-Module $ModuleDir"
}

function Invoke-Package {
    # Packs a built module folder into out/packages/<platform>/, alone there: the folder is the repository a user
    # registers with PSResourceGet, so it holds that platform's package and nothing else.
    param([string] $RuntimeIdentifier, [string] $ModuleDir)
    $destination = Join-Path $PackageRoot $RuntimeIdentifier
    Remove-Item $destination -Recurse -Force -ErrorAction SilentlyContinue
    New-Item -ItemType Directory $destination | Out-Null
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Invoke-ChildPwsh "Packing the $RuntimeIdentifier module" @('-File', (Join-Path $RepoRoot 'build/New-ModulePackage.ps1'),
        '-ModuleDirectory', $ModuleDir, '-DestinationPath', $destination)
    $package = Get-ChildItem $destination -Filter '*.nupkg'
    Write-Host ('Packed {0} ({1:N0} MB) in {2:N1} s' -f $package.FullName, ($package.Length / 1MB), $clock.Elapsed.TotalSeconds)
}

function Invoke-PackageTask {
    $machine = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    foreach ($platform in $PackagePlatforms) {
        # This machine's module is the usual build; another platform's is published beside it, from the same
        # sources and NuGet packages (a framework-dependent library needs no other platform's SDK to build).
        $platformModuleDir = if ($platform -eq $machine) { $ModuleDir } else { Join-Path $OutDir "platforms/$platform/InvokeAI.PowerShell" }
        Invoke-Build -RuntimeIdentifier $platform -ModuleDir $platformModuleDir
        Invoke-Package -RuntimeIdentifier $platform -ModuleDir $platformModuleDir
    }
    if ($machine -notin $PackagePlatforms) {
        Write-Warning "No package for $machine, this machine's platform: ONNX Runtime's GPU package has no native libraries for it, so a module for it could load no model."
    }
    Write-Host "Install on a $($PackagePlatforms -join ' or ') machine from the folder of its platform:"
    Write-Host "  Register-PSResourceRepository -Name InvokeAI -Uri $(Join-Path $PackageRoot '<platform>') -Trusted"
    Write-Host '  Install-PSResource InvokeAI.PowerShell -Repository InvokeAI'
}

function Get-TrxCounts {
    param([string] $Path)
    $counters = ([xml](Get-Content -Raw $Path)).TestRun.ResultSummary.Counters
    return [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted }
}

# CI keeps only the tail of the log, so the names and first message lines of failed xunit tests are repeated there.
function Get-TrxFailures {
    param([string] $Path)
    $results = ([xml](Get-Content -Raw $Path)).TestRun.Results.UnitTestResult | Where-Object outcome -ne 'Passed'
    foreach ($result in $results) {
        $message = "$($result.Output.ErrorInfo.Message)".Trim() -split "`n" | Select-Object -First 3
        "  [xunit] $($result.testName) ($($result.outcome)): $($message -join ' | ')"
    }
}

function Invoke-Tests {
    Invoke-Build
    # The install test installs what a user would download: this platform's package, packed from the module just built.
    $platform = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    Invoke-Package -RuntimeIdentifier $platform -ModuleDir $ModuleDir
    $results = Join-Path $OutDir 'test-results'
    Remove-Item $results -Recurse -Force -ErrorAction SilentlyContinue
    New-Item -ItemType Directory $results | Out-Null

    # Minimal console output: build errors, each failed test with its message and stack, then one count line.
    Write-Host 'xunit: tests/InvokeAI.Core.Tests'
    dotnet test (Join-Path $RepoRoot 'tests/InvokeAI.Core.Tests/InvokeAI.Core.Tests.csproj') -c $Configuration --nologo -v quiet @ArtifactsProperty `
        --logger 'trx;LogFileName=core.trx' --logger 'console;verbosity=minimal' --results-directory $results
    $xunitExit = $LASTEXITCODE
    $trx = Join-Path $results 'core.trx'
    $xunit = if (Test-Path $trx) { Get-TrxCounts $trx } else { [pscustomobject]@{ Passed = 0; Failed = 1 } }
    if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) { $xunit.Failed = 1; Write-Warning "dotnet test exited with $xunitExit." }

    Write-Host "Pester ${PesterVersion}: tests/InvokeAI.PowerShell.Tests"
    Invoke-Native 'Restoring Pester' { dotnet restore (Join-Path $RepoRoot 'build/Pester.proj') --nologo -v quiet @ArtifactsProperty }
    # Other versions of libraries the module ships, which Isolation.Tests.ps1 loads first as another module would.
    Invoke-Native 'Restoring the conflicting library versions' {
        dotnet restore (Join-Path $RepoRoot 'build/ConflictingDependencies.proj') --nologo -v quiet @ArtifactsProperty
    }
    $packages = (dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $pester = Join-Path $packages.Trim() "pester/$PesterVersion/tools/Pester.psd1"
    $pesterJson = Join-Path $results 'pester.json'
    $pesterLog = Join-Path $results 'pester-output.txt'
    $pwsh = @(Get-ChildPwsh)
    $prefix = @($pwsh | Select-Object -Skip 1)
    # Tests of -WhatIf and of warnings write to the host, which no test can capture: that output goes to a file and
    # is shown when something failed. A passing run shows only the runner's last line, its count.
    & $pwsh[0] @prefix -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'tests/Invoke-PesterSuite.ps1') `
        -PesterPath $pester -ModuleDirectory $ModuleDir -PackageDirectory (Join-Path $PackageRoot $platform) `
        -TestDirectory (Join-Path $RepoRoot 'tests/InvokeAI.PowerShell.Tests') -ResultPath $pesterJson *> $pesterLog
    $pesterExit = $LASTEXITCODE
    $pesterCounts = if (Test-Path $pesterJson) { Get-Content -Raw $pesterJson | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1 } }
    $pesterOutput = @(Get-Content $pesterLog)
    if ($pesterExit -eq 0 -and $pesterCounts.Failed -eq 0) { $pesterOutput = $pesterOutput | Select-Object -Last 1 }
    $pesterOutput | ForEach-Object { Write-Host $_ }
    if ($pesterExit -ne 0 -and $pesterCounts.Failed -eq 0) { $pesterCounts.Failed = 1; Write-Warning "The Pester run exited with $pesterExit." }

    if (Test-Path $trx) { Get-TrxFailures $trx | ForEach-Object { Write-Host $_ } }
    $passed = $xunit.Passed + $pesterCounts.Passed
    $failed = $xunit.Failed + $pesterCounts.Failed
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pesterCounts.Passed) passed, $($pesterCounts.Failed) failed"
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $demoOut = Join-Path $OutDir 'demo'
    Invoke-ChildPwsh 'Rendering the sketches' @('-Command',
        "Import-Module '$ModuleDir'; & '$(Join-Path $RepoRoot 'examples/Render-Sketches.ps1')' -OutputDirectory '$demoOut' | Format-Table FullName, Length -AutoSize | Out-String -Width 200")
}

function Invoke-Bench {
    Invoke-Build
    $benchArgs = @('-File', (Join-Path $RepoRoot 'build/Bench.ps1'), '-ModuleDirectory', $ModuleDir,
        '-ResultDirectory', (Join-Path $OutDir 'bench'))
    if ($BenchModel) { $benchArgs += @('-Model', [IO.Path]::GetFullPath($BenchModel)) }
    if ($WarmRuns) { $benchArgs += @('-WarmRuns', $WarmRuns) }
    if ($BatchSize) { $benchArgs += @('-BatchSize', $BatchSize) }
    if ($SkipMemory) { $benchArgs += '-SkipMemory' }
    if ($SkipLoad) { $benchArgs += '-SkipLoad' }
    Invoke-ChildPwsh 'Benchmarks' $benchArgs
}

function Invoke-Soak {
    Invoke-Build
    Invoke-ChildPwsh 'Soak' @('-File', (Join-Path $RepoRoot 'build/Soak.ps1'), '-ModuleDirectory', $ModuleDir,
        '-ResultPath', (Join-Path $OutDir 'soak.json'))
}

function Invoke-Clean {
    Remove-Item $OutDir -Recurse -Force -ErrorAction SilentlyContinue
    Get-ChildItem $RepoRoot -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
    if ($ArtifactsRoot) { foreach ($d in 'bin', 'obj') { Remove-Item (Join-Path $ArtifactsRoot $d) -Recurse -Force -ErrorAction SilentlyContinue } }
    Write-Host 'Cleaned out/, bin/ and obj/.'
}

Push-Location $RepoRoot
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Tests }
        'Package' { Invoke-PackageTask }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Soak' { Invoke-Soak }
        'Clean' { Invoke-Clean }
    }
}
finally {
    Pop-Location
}

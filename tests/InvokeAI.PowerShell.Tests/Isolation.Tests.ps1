# The module's engine and third-party libraries load in its own AssemblyLoadContext, from deps/: another module's
# versions of ImageSharp or Google.Protobuf, loaded first into PowerShell's default context, neither break the module
# nor get used by it. Each case runs in a fresh pwsh, where nothing of the module is loaded yet.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # Other versions of two libraries the module ships, as another module would bring them (restored by
    # build/ConflictingDependencies.proj; restored here too when this file runs on its own).
    $packages = $env:NUGET_PACKAGES ? $env:NUGET_PACKAGES : (Join-Path $HOME '.nuget/packages')
    $script:conflicting = @(
        [pscustomobject]@{ Name = 'Google.Protobuf'; FileVersion = '3.28.0.0'; Path = Join-Path $packages 'google.protobuf/3.28.0/lib/net5.0/Google.Protobuf.dll' }
        [pscustomobject]@{ Name = 'SixLabors.ImageSharp'; FileVersion = '2.1.9.0'; Path = Join-Path $packages 'sixlabors.imagesharp/2.1.9/lib/netcoreapp3.1/SixLabors.ImageSharp.dll' }
    )
    if ($conflicting | Where-Object { -not (Test-Path $_.Path) }) {
        & dotnet restore (Join-Path $PSScriptRoot '../../build/ConflictingDependencies.proj') --nologo -v quiet | Out-Null
    }
    $script:moduleBase = [IO.Path]::GetFullPath($env:INVOKEAI_TEST_MODULE).TrimEnd([IO.Path]::DirectorySeparatorChar)
    $script:deps = Join-Path $moduleBase 'deps'
    $script:sketch = New-TestPng -Path (Join-Path $TestDrive 'sketch.png') -Width 64 -Height 64
}

Describe 'The module beside another module''s versions of its libraries' {
    BeforeAll {
        $script:childScript = Join-Path $TestDrive 'conflict.ps1'
        # Prints one JSON line: what was rendered and saved, and where every assembly was loaded from.
        Set-Content $childScript @'
param([string] $ModuleDirectory, [string] $Sketch, [string] $Output, [string] $Conflicting)
$ErrorActionPreference = 'Stop'
function Get-LoadedAssemblies {
    [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { -not $_.IsDynamic -and $_.Location } | ForEach-Object {
        [pscustomobject]@{
            Name        = $_.GetName().Name
            Version     = "$($_.GetName().Version)"
            FileVersion = [Diagnostics.FileVersionInfo]::GetVersionInfo($_.Location).FileVersion
            Context     = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name
            Location    = $_.Location
        }
    }
}

# Another module got there first: its versions are in PowerShell's default context.
foreach ($path in $Conflicting -split [IO.Path]::PathSeparator) { Add-Type -Path $path }

Import-Module $ModuleDirectory
# The demo model builder writes ONNX files with OnnxSharp, on Google.Protobuf 3.30.2.
$model = Join-Path $Output 'model'
[InvokeAI.DemoModel.DemoModelBuilder]::Build($model) | Out-Null
$saved = Invoke-Img2Img 'fire' $Sketch -Model $model -Steps 4 -Strength 0.6 -Seed 7 | Save-Image -Path (Join-Path $Output '{seed}.png') -PassThru

# Another runspace imports the module again and renders with the built-in demo model.
$parallel = 1..2 | ForEach-Object -Parallel {
    Import-Module $using:ModuleDirectory
    (Invoke-Img2Img 'fire' $using:Sketch -Steps 2 -Strength 0.6 -Seed $_).Width
} -ThrottleLimit 2

# Removed and imported again: the same engine, still resolving.
Remove-Module InvokeAI.PowerShell
Import-Module $ModuleDirectory
$again = Invoke-Img2Img 'fire' $Sketch -Steps 2 -Strength 0.6 -Seed 7

[pscustomobject]@{
    Saved         = $saved.FullName
    SavedLength   = $saved.Length
    ParallelWidth = @($parallel)
    AgainWidth    = $again.Width
    TypeLiteral   = [InvokeAI.Core.Pipelines.RenderSettings].Assembly.Location
    Contexts      = @([System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object Name)
    Assemblies    = @(Get-LoadedAssemblies)
} | ConvertTo-Json -Depth 4 -Compress
'@
        $script:run = Invoke-ChildPwsh -File $childScript -Arguments @($env:INVOKEAI_TEST_MODULE, $sketch.FullName, $TestDrive, ($conflicting.Path -join [IO.Path]::PathSeparator))
        $script:report = $run.Output | Select-Object -Last 1 | ConvertFrom-Json -ErrorAction SilentlyContinue
        $script:moduleContext = @($report.Assemblies | Where-Object Context -eq 'InvokeAI.PowerShell')
    }

    It 'renders with a model it built and saves the image, the other versions loaded first' {
        $run.ExitCode | Should -Be 0 -Because $run.Errors
        $report.Saved | Should -Exist
        $report.SavedLength | Should -BeGreaterThan 0
        foreach ($other in $conflicting) {
            $loaded = $report.Assemblies | Where-Object { $_.Name -eq $other.Name -and $_.Context -eq 'Default' }
            $loaded.FileVersion | Should -Be $other.FileVersion -Because "the other module's $($other.Name) stays in the default context"
        }
    }

    It 'loads its engine and every third-party library once, in its own context, from deps/' {
        foreach ($name in 'InvokeAI.Core', 'InvokeAI.DemoModel', 'Microsoft.ML.OnnxRuntime', 'SixLabors.ImageSharp', 'Google.Protobuf', 'OnnxSharp') {
            $copies = @($report.Assemblies | Where-Object { $_.Name -eq $name -and $_.Location.StartsWith($deps) })
            $copies.Count | Should -Be 1 -Because "$name is loaded once from the module"
            $copies[0].Context | Should -Be 'InvokeAI.PowerShell'
        }
        $moduleContext | Where-Object { -not $_.Location.StartsWith($deps) } | Should -BeNullOrEmpty
        @($report.Assemblies | Where-Object Name -eq 'InvokeAI.Core').Count | Should -Be 1
        @($report.Contexts | Where-Object { $_ -eq 'InvokeAI.PowerShell' }).Count | Should -Be 1
    }

    It 'keeps only its cmdlet and loader assemblies in PowerShell''s default context' {
        $fromModule = @($report.Assemblies | Where-Object { $_.Context -eq 'Default' -and $_.Location.StartsWith($moduleBase) })
        @($fromModule.Name | Sort-Object) | Should -Be @('InvokeAI.PowerShell', 'InvokeAI.PowerShell.Loader')
    }

    It 'imports and renders in other runspaces, and again after Remove-Module' {
        $report.ParallelWidth | Should -Be @(64, 64)
        $report.AgainWidth | Should -Be 64
    }

    It 'resolves the engine''s type names in scripts to the one engine loaded' {
        $report.TypeLiteral | Should -Be (Join-Path $deps 'InvokeAI.Core.dll')
    }
}

Describe 'ONNX Runtime''s native libraries, resolved from deps/' {
    It 'reports a module of another platform as ExecutionProviderUnavailable' {
        # The module without this platform's ONNX Runtime libraries, with a library of the other platform's name.
        $copy = Join-Path $TestDrive 'other-platform/InvokeAI.PowerShell'
        foreach ($file in Get-ChildItem $env:INVOKEAI_TEST_MODULE -Recurse -File) {
            $relative = [IO.Path]::GetRelativePath($env:INVOKEAI_TEST_MODULE, $file.FullName)
            if ($file.Name -like '*onnxruntime*' -and $file.Name -ne 'Microsoft.ML.OnnxRuntime.dll') { continue }
            $target = Join-Path $copy $relative
            New-Item -ItemType Directory (Split-Path $target) -Force | Out-Null
            Copy-Item -LiteralPath $file.FullName -Destination $target
        }
        $otherPlatformLibrary = $IsWindows ? 'libonnxruntime.so' : 'onnxruntime.dll'
        Set-Content (Join-Path $copy "deps/$otherPlatformLibrary") 'not a library for this platform'

        $script = Join-Path $TestDrive 'other-platform.ps1'
        Set-Content $script @'
param([string] $ModuleDirectory, [string] $Sketch)
Import-Module $ModuleDirectory
Invoke-Img2Img 'fire' $Sketch -Steps 2 -ErrorVariable problems -ErrorAction SilentlyContinue | Out-Null
$problems | ForEach-Object { $_.FullyQualifiedErrorId; $_.Exception.Message -replace '\s+', ' ' }
'@
        $run = Invoke-ChildPwsh -File $script -Arguments @($copy, $sketch.FullName)
        $run.Output[0] | Should -BeLike 'ExecutionProviderUnavailable,*'
        $run.Output[1] | Should -Match "ONNX Runtime's native library cannot be loaded on this .* machine"
    }
}

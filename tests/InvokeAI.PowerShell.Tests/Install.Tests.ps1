# The module as a user gets it: this platform's package folder registered as a PSResourceGet repository,
# Install-PSResource, then a new PowerShell session that imports InvokeAI.PowerShell by name and renders with the
# demo model inside it. Everything PowerShell and PSResourceGet keep per user (the repository list, the CurrentUser
# module folder, the module path built from it) lives under a temporary home, so the real user's is never touched.

BeforeDiscovery {
    # On Windows, Install-PSResource's CurrentUser scope is the real Documents folder, which no environment variable
    # moves: the test would install into the developer's own profile, so it runs where a home can be swapped.
    $script:homeCannotBeSwapped = $IsWindows
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    function Get-PixelHash($Image) { [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($Image.Pixels.Pixels)) }

    function Get-RealUserState {
        # What an install that escaped the temporary home would change: the user's module folder and repository list.
        $data = [Environment]::GetFolderPath('LocalApplicationData')
        $repositories = Join-Path $data 'PSResourceGet/PSResourceRepository.xml'
        [pscustomobject]@{
            Installed    = @(Get-ChildItem (Join-Path $data 'powershell/Modules/InvokeAI.PowerShell') -ErrorAction SilentlyContinue).Name -join ','
            Repositories = (Test-Path $repositories) ? (Get-FileHash $repositories).Hash : 'none'
        }
    }
}

Describe 'The module package, installed with PSResourceGet' -Skip:$homeCannotBeSwapped {
    BeforeAll {
        if (-not $env:INVOKEAI_TEST_PACKAGES) { throw 'INVOKEAI_TEST_PACKAGES is not set: run the tests through ./build.ps1 -Task Test.' }
        $script:version = (Import-PowerShellDataFile (Join-Path $env:INVOKEAI_TEST_MODULE 'InvokeAI.PowerShell.psd1')).ModuleVersion
        $script:realUserBefore = Get-RealUserState

        $script:userHome = Join-Path $TestDrive 'home'
        $script:dataHome = Join-Path $userHome '.local/share'
        # .NET reports a data folder only once it exists, and PSResourceGet writes into the current directory without one.
        foreach ($folder in $dataHome, (Join-Path $userHome '.config'), (Join-Path $userHome '.cache')) {
            New-Item -ItemType Directory $folder -Force | Out-Null
        }
        $isolated = @{
            HOME            = $userHome
            XDG_DATA_HOME   = $dataHome
            XDG_CONFIG_HOME = Join-Path $userHome '.config'
            XDG_CACHE_HOME  = Join-Path $userHome '.cache'
            # Unset, so the new session builds its module path from the temporary home, as on a fresh machine.
            PSModulePath    = $null
            INVOKEAI_MODEL  = $null
        }
        $script:installedBase = Join-Path $dataHome "powershell/Modules/InvokeAI.PowerShell/$version"
        $script:sketch = New-TestPng -Path (Join-Path $TestDrive 'sketch.png') -Width 64 -Height 64

        $installScript = Join-Path $TestDrive 'install.ps1'
        Set-Content $installScript @'
param([string] $PackageFolder)
$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name InvokeAITest -Uri $PackageFolder -Trusted
Install-PSResource InvokeAI.PowerShell -Repository InvokeAITest -Scope CurrentUser -Quiet
Get-InstalledPSResource InvokeAI.PowerShell | ForEach-Object { "$($_.Name) $($_.Version)" }
'@
        $script:install = Invoke-ChildPwsh -File $installScript -Arguments $env:INVOKEAI_TEST_PACKAGES -Environment $isolated -WorkingDirectory $userHome

        $useScript = Join-Path $TestDrive 'use.ps1'
        Set-Content $useScript @'
param([string] $Sketch)
$ErrorActionPreference = 'Stop'
Import-Module InvokeAI.PowerShell
$module = Get-Module InvokeAI.PowerShell
$image = Invoke-Img2Img 'fire' $Sketch -Steps 4 -Strength 0.6 -Seed 7
[pscustomobject]@{
    ModuleBase = $module.ModuleBase
    Version    = "$($module.Version)"
    Model      = $image.Model
    Size       = "$($image.Width)x$($image.Height)"
    PixelHash  = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($image.Pixels.Pixels))
} | ConvertTo-Json -Compress
'@
        $script:use = Invoke-ChildPwsh -File $useScript -Arguments $sketch.FullName -Environment $isolated -WorkingDirectory $userHome
        $script:used = $use.Output | Select-Object -Last 1 | ConvertFrom-Json -ErrorAction SilentlyContinue

        # The first help example, as a user pastes it into a new session where the module is installed, not imported.
        Import-BuiltModule
        $exampleScript = Join-Path $TestDrive 'first-example.ps1'
        Set-Content $exampleScript ("`$ErrorActionPreference = 'Stop'`n" + @((Get-Help Invoke-Img2Img -Examples).Examples.Example)[0].Code)
        $script:exampleFolder = New-Item -ItemType Directory (Join-Path $TestDrive 'pasted') -Force
        $script:example = Invoke-ChildPwsh -File $exampleScript -Environment $isolated -WorkingDirectory $exampleFolder.FullName
    }

    It 'is one package of this version, carrying the demo model and this platform''s ONNX Runtime libraries only' {
        $packages = @(Get-ChildItem $env:INVOKEAI_TEST_PACKAGES -Filter '*.nupkg')
        $packages.Name | Should -Be "InvokeAI.PowerShell.$version.nupkg"
        $zip = [IO.Compression.ZipFile]::OpenRead($packages[0].FullName)
        try { $entries = @($zip.Entries.FullName) } finally { $zip.Dispose() }
        $entries | Should -Contain 'InvokeAI.PowerShell.psd1'
        $entries | Should -Contain 'models/demo/unet/model.onnx'
        $managedOrt = 'deps/Microsoft.ML.OnnxRuntime.dll'
        $builtNatives = @(Get-ChildItem (Join-Path $env:INVOKEAI_TEST_MODULE 'deps') -Filter '*onnxruntime*' -File).Name |
            Where-Object { $_ -ne 'Microsoft.ML.OnnxRuntime.dll' } | ForEach-Object { "deps/$_" }
        @($entries | Where-Object { $_ -like '*onnxruntime*' -and $_ -ne $managedOrt } | Sort-Object) |
            Should -Be @($builtNatives | Sort-Object)
        # Windows libraries in a Linux or macOS package are dead weight (206 MB of them once).
        $entries | Where-Object { $_ -like '*.dll' -and $_ -like '*onnxruntime*' -and $_ -ne $managedOrt } | Should -BeNullOrEmpty
        if ($IsLinux) { $entries | Should -Contain 'deps/libonnxruntime_providers_cuda.so' -Because 'the CUDA provider is the GPU path' }
    }

    It 'keeps the engine and its libraries in deps/, out of PowerShell''s probing of the module''s root' {
        $zip = [IO.Compression.ZipFile]::OpenRead((Get-ChildItem $env:INVOKEAI_TEST_PACKAGES -Filter '*.nupkg')[0].FullName)
        try { $entries = @($zip.Entries.FullName) } finally { $zip.Dispose() }
        @($entries | Where-Object { $_ -like '*.dll' -and $_ -notlike '*/*' } | Sort-Object) |
            Should -Be @('InvokeAI.PowerShell.dll', 'InvokeAI.PowerShell.Loader.dll')
        foreach ($engine in 'InvokeAI.Core.dll', 'InvokeAI.DemoModel.dll', 'Microsoft.ML.OnnxRuntime.dll', 'SixLabors.ImageSharp.dll', 'System.Numerics.Tensors.dll', 'Google.Protobuf.dll', 'OnnxSharp.dll') {
            $entries | Should -Contain "deps/$engine"
        }
    }

    It 'installs from the registered folder into the CurrentUser modules of the temporary home' {
        $install.ExitCode | Should -Be 0 -Because $install.Errors
        $install.Output | Should -Contain "InvokeAI.PowerShell $version"
        Join-Path $installedBase 'InvokeAI.PowerShell.psd1' | Should -Exist
        Get-Content (Join-Path $dataHome 'PSResourceGet/PSResourceRepository.xml') -Raw | Should -Match 'InvokeAITest'
    }

    It 'is imported by name in a new session, from where it was installed' {
        $use.ExitCode | Should -Be 0 -Because $use.Errors
        $used.ModuleBase | Should -Be $installedBase
        $used.Version | Should -Be $version
    }

    It 'renders with the demo model inside the installed module, exactly as the built module does' {
        $used.Model | Should -Be (Join-Path $installedBase 'models/demo')
        $used.Size | Should -Be '64x64'
        Import-BuiltModule
        $built = Invoke-Img2Img 'fire' $sketch -Steps 4 -Strength 0.6 -Seed 7
        $used.PixelHash | Should -Be (Get-PixelHash $built)
    }

    It 'runs the first help example as written, the module loading on first use' {
        $example.ExitCode | Should -Be 0 -Because $example.Errors
        @(Get-ChildItem $exampleFolder -Recurse -Filter '*.png').Count | Should -Be 1
    }

    It 'leaves the real user''s modules and repository list as they were' {
        $after = Get-RealUserState
        $after.Installed | Should -Be $realUserBefore.Installed
        $after.Repositories | Should -Be $realUserBefore.Repositories
    }
}

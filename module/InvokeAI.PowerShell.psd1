# Module manifest source. build.ps1 copies it into out/InvokeAI.PowerShell/ and sets ModuleVersion from
# Directory.Build.props (the one version number of the project); the value here is only a placeholder.
@{
    RootModule             = 'InvokeAI.PowerShell.dll'
    # Imported before the root module: it gives the engine (deps/) its own AssemblyLoadContext, which PowerShell
    # needs already when it reads the cmdlet assembly's types. See docs/ARCHITECTURE.md, "Where assemblies load".
    NestedModules          = @('InvokeAI.PowerShell.Loader.dll')
    ModuleVersion          = '0.0.0'
    GUID                   = '6f0d3c0e-5b7a-4c2e-9d61-1f3a8b2c7e45'
    Author                 = 'InvokeAI.PowerShell developers'
    CompanyName            = 'InvokeAI.PowerShell'
    Copyright              = '(c) InvokeAI.PowerShell developers. MIT licence.'
    Description            = 'Stable Diffusion img2img (and inpainting) run locally through ONNX Runtime, as PowerShell cmdlets that share one model session.'
    PowerShellVersion      = '7.4'
    CompatiblePSEditions   = @('Core')
    CmdletsToExport        = @('Close-DiffusionSession', 'Get-DiffusionModel', 'Get-DiffusionSession', 'Get-ImageMetadata', 'Get-LatentSteps', 'Get-PromptToken', 'Import-Image', 'Invoke-Img2Img', 'New-ImageGrid', 'New-LatentNoise', 'Open-DiffusionSession', 'Resize-InitImage', 'Save-Image')
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    FormatsToProcess       = @('InvokeAI.PowerShell.Format.ps1xml')
    PrivateData            = @{
        PSData = @{
            Tags         = @('StableDiffusion', 'img2img', 'ONNX', 'AI', 'Image')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
        }
    }
}

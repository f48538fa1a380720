<#
.SYNOPSIS
    Renders every sketch in examples/sketches with the prompt prompts.psd1 gives it, as a batch pipeline.
.DESCRIPTION
    Shows the module's everyday shape: files in, one render per file, files out. Without -Model the built-in
    demo model is used (or $env:INVOKEAI_MODEL when set). Outputs the files it wrote.
.EXAMPLE
    Import-Module ./out/InvokeAI.PowerShell
    ./examples/Render-Sketches.ps1 -OutputDirectory ./out/demo -Strength 0.6
#>
[CmdletBinding()]
param(
    [string] $OutputDirectory = (Join-Path $PWD 'renders'),
    [ValidateRange(0.0, 1.0)] [double] $Strength = 0.75,
    [ValidateRange(1, 1000)] [int] $Steps = 30,
    [long] $Seed = 1592514025,
    [string] $Model
)
$ErrorActionPreference = 'Stop'
$sketches = Join-Path $PSScriptRoot 'sketches'
$prompts = Import-PowerShellDataFile (Join-Path $sketches 'prompts.psd1')
$modelArgument = if ($Model) { @{ Model = $Model } } else { @{} }

Get-ChildItem (Join-Path $sketches '*.png') | ForEach-Object {
    $prompt = $prompts[$_.Name]
    if (-not $prompt) { Write-Warning "No prompt for $($_.Name) in prompts.psd1; skipped."; return }
    $_ | Invoke-Img2Img -Prompt $prompt -Strength $Strength -Steps $Steps -Seed $Seed @modelArgument |
        Save-Image -Path (Join-Path $OutputDirectory "$($_.BaseName).png") -Force -PassThru
}

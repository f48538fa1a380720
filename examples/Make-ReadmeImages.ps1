<#
.SYNOPSIS
    Redraws the pictures README.md shows, with the built-in demo model.
.DESCRIPTION
    Every picture is a real render of the module: a strength sweep, the latent steps of the img2img guide's
    example, variations of one seed, and an inpainting of a transparent hole. Run it after `./build.ps1 -Task Build`.
.PARAMETER OutputDirectory
    Where the PNGs go; docs/images by default.
.PARAMETER ModulePath
    The module to render with; the build's out/InvokeAI.PowerShell by default.
.EXAMPLE
    ./examples/Make-ReadmeImages.ps1

    From the repository root, in PowerShell (dotnet pwsh): redraws docs/images with the module the build made.
#>
[CmdletBinding()]
param(
    [string] $OutputDirectory = (Join-Path $PSScriptRoot '../docs/images'),
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/InvokeAI.PowerShell')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
New-Item -ItemType Directory $OutputDirectory -Force | Out-Null
$sketches = Join-Path $PSScriptRoot 'sketches'
$fireplace = Join-Path $sketches 'fireplace.png'
$house = Join-Path $sketches 'house.png'
$seed = 1592514025

# The strength sweep: how much of the sketch survives, and how far the prompt pulls.
$sketch = Import-Image $fireplace
@($sketch) + @(0.3, 0.5, 0.7, 0.9 | ForEach-Object { Invoke-Img2Img 'fire' $fireplace -Strength $_ -Steps 30 -Seed $seed }) |
    New-ImageGrid -Columns 5 -CellWidth 256 -Caption Strength |
    Save-Image -Path (Join-Path $OutputDirectory 'strength-sweep.png') -Force

# The img2img guide's example: 10 steps at strength 0.7 take 7, each shown as the latent preview.
Get-LatentSteps 'fire' -InitImage $fireplace -Strength 0.7 -Steps 10 -Seed $seed |
    New-ImageGrid -Columns 9 -CellWidth 128 |
    Save-Image -Path (Join-Path $OutputDirectory 'latent-steps.png') -Force

# Variations of one seed: the render itself, then four variants 0.5 away from it, captioned seed:weight.
$base = Invoke-Img2Img 'tree on a hill with a river, green and blue' (Join-Path $sketches 'tree-on-a-hill.png') -Strength 0.8 -Steps 30 -Seed $seed
$variants = Invoke-Img2Img 'tree on a hill with a river, green and blue' (Join-Path $sketches 'tree-on-a-hill.png') -Strength 0.8 -Steps 30 -Seed $seed -Variation 0.5 -Iterations 4
@($base) + @($variants) | New-ImageGrid -Columns 5 -CellWidth 256 -Caption Variations |
    Save-Image -Path (Join-Path $OutputDirectory 'variations.png') -Force

# Inpainting: the house sketch with its sky transparent (alpha 0, the blue kept underneath), repainted as night.
$night = Invoke-Img2Img 'night sky' (Join-Path $sketches 'inpainting/house-without-sky.png') -Strength 1.0 -Steps 30 -Seed $seed
@((Import-Image $house), $night) | New-ImageGrid -Columns 2 -CellWidth 256 -Caption @() |
    Save-Image -Path (Join-Path $OutputDirectory 'inpainting.png') -Force

Get-ChildItem $OutputDirectory -Filter *.png | Select-Object Name, Length

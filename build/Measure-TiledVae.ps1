<#
Peak working set of decoding one latent with tiny-sd-lp's VAE, tiled or whole, in this process (run each case in a
fresh pwsh: the peak is per process). Not a test: a measurement for the tiled-VAE notes.
    dotnet pwsh ./build/Measure-TiledVae.ps1 -Size 2048 -Tiled
    dotnet pwsh ./build/Measure-TiledVae.ps1 -Size 2048
#>
param([int] $Size = 2048, [switch] $Tiled, [string] $Model = (Join-Path $PSScriptRoot '../tests/fixtures/models/tiny-sd-lp'))
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../out/InvokeAI.PowerShell/InvokeAI.PowerShell.psd1')
$options = [InvokeAI.Core.Models.ModelLoadOptions]@{ Provider = [InvokeAI.Core.Models.ExecutionProvider]::Cpu }
$diffusion = [InvokeAI.Core.Models.DiffusionModel]::Load((Resolve-Path $Model).Path, $options)
$process = [Diagnostics.Process]::GetCurrentProcess()
$process.Refresh()
$before = $process.PeakWorkingSet64
$n = $Size / 8
$random = [Random]::new(5)
$latent = [float[]]::new(4 * $n * $n)
for ($i = 0; $i -lt $latent.Length; $i++) { $latent[$i] = [float]($random.NextDouble() * 2 - 1) }
$clock = [Diagnostics.Stopwatch]::StartNew()
$image = [InvokeAI.Core.Pipelines.LatentPreview]::Decode($diffusion, $latent, $n, $n, [Threading.CancellationToken]::None, [bool]$Tiled)
$process.Refresh()
'{0}x{0} px ({1}x{1} latent) {2}: {3:0.0} s, peak working set {4:0} MB (after load {5:0} MB), image {6}x{7}' -f $Size, $n,
    ($Tiled ? 'tiled' : 'whole'), $clock.Elapsed.TotalSeconds, ($process.PeakWorkingSet64 / 1MB), ($before / 1MB), $image.Width, $image.Height

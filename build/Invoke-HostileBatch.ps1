<#
.SYNOPSIS
    Renders a batch that mixes good sketches with a PNG declaring 30000×30000 pixels, in a fresh pwsh, and
    returns that process's peak working set and each file's outcome; part of `build.ps1 -Task Soak`.
.DESCRIPTION
    Run in its own process so the peak is the batch's alone, not the soak's, and so a decoder that tries to
    allocate the declared gigabytes ends that process rather than the build.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDirectory,
    [Parameter(Mandatory)] [IO.FileInfo[]] $Sketches,
    [Parameter(Mandatory)] [string] $WorkDirectory
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Get-PngCrc {
    # PNG's CRC-32 over a chunk's type and data; 64-bit arithmetic because PowerShell reads 0xEDB88320 as negative.
    param([byte[]] $Bytes)
    [long] $crc = 0xFFFFFFFFL
    foreach ($b in $Bytes) {
        $crc = $crc -bxor $b
        for ($k = 0; $k -lt 8; $k++) { $crc = ($crc -band 1) ? (($crc -shr 1) -bxor 0xEDB88320L) : ($crc -shr 1) }
    }
    [uint32]($crc -bxor 0xFFFFFFFFL)
}

function New-OversizedPng {
    # A valid PNG header declaring Width×Height RGB pixels, followed by a few bytes of pixel data: small on disk,
    # huge to a decoder that allocates the declared size before reading.
    param([string] $Path, [int] $Width, [int] $Height)
    $stream = [IO.MemoryStream]::new()
    function Write-Bytes([IO.Stream] $To, [byte[]] $Bytes) { $To.Write($Bytes, 0, $Bytes.Length) }
    Write-Bytes $stream ([byte[]](137, 80, 78, 71, 13, 10, 26, 10))
    function Write-Chunk([string] $Type, [byte[]] $Data) {
        $length = [BitConverter]::GetBytes([uint32]$Data.Length); [Array]::Reverse($length)
        $typeAndData = [byte[]]([Text.Encoding]::ASCII.GetBytes($Type) + $Data)
        $crc = [BitConverter]::GetBytes((Get-PngCrc $typeAndData)); [Array]::Reverse($crc)
        Write-Bytes $stream $length; Write-Bytes $stream $typeAndData; Write-Bytes $stream $crc
    }
    $widthBytes = [BitConverter]::GetBytes([uint32]$Width); [Array]::Reverse($widthBytes)
    $heightBytes = [BitConverter]::GetBytes([uint32]$Height); [Array]::Reverse($heightBytes)
    Write-Chunk 'IHDR' ([byte[]]($widthBytes + $heightBytes + [byte[]](8, 2, 0, 0, 0)))
    $pixels = [IO.MemoryStream]::new()
    $zlib = [IO.Compression.ZLibStream]::new($pixels, [IO.Compression.CompressionLevel]::Fastest, $true)
    Write-Bytes $zlib ([byte[]]::new(64)); $zlib.Dispose()
    Write-Chunk 'IDAT' $pixels.ToArray()
    Write-Chunk 'IEND' ([byte[]]@())
    [IO.File]::WriteAllBytes($Path, $stream.ToArray())
}

$folder = Join-Path $WorkDirectory 'hostile'
New-Item -ItemType Directory $folder -Force | Out-Null
foreach ($sketch in $Sketches) { Copy-Item -LiteralPath $sketch.FullName -Destination $folder }
New-OversizedPng -Path (Join-Path $folder 'huge-header.png') -Width 30000 -Height 30000

# The same installation's pwsh: under `dotnet pwsh` the process is dotnet and pwsh.dll its argument.
$pwsh = @([Environment]::ProcessPath)
if ([IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'dotnet') { $pwsh += Join-Path $PSHOME 'pwsh.dll' }
$batch = {
    param($ModuleDirectory, $Folder)
    $ProgressPreference = 'SilentlyContinue'
    Import-Module $ModuleDirectory
    $files = foreach ($file in Get-ChildItem $Folder -Filter *.png -File | Sort-Object Name) {
        $problems = $null
        $image = Invoke-Img2Img 'a watercolour painting' $file.FullName -Width 128 -Height 128 -Steps 4 -Strength 0.5 -ErrorAction SilentlyContinue -ErrorVariable problems
        [pscustomobject]@{ Name = $file.Name; Outcome = $image ? 'rendered' : "failed: $(($problems[0].FullyQualifiedErrorId -split ',')[0])" }
    }
    [pscustomobject]@{
        PeakWorkingSetMB = [math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB, 1)
        Files            = @($files)
    } | ConvertTo-Json -Compress -Depth 4
}
$encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes("& { $batch } '$($ModuleDirectory -replace "'", "''")' '$($folder -replace "'", "''")'"))
$output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1
if ($LASTEXITCODE -ne 0) {
    # The decoder took the declared size at its word and the process died of it: that is the finding.
    return [pscustomobject]@{ PeakWorkingSetMB = $null; Files = @(); ProcessExitCode = $LASTEXITCODE; Output = "$output" }
}
$report = ($output | Where-Object { "$_" -like "{*" } | Select-Object -Last 1) | ConvertFrom-Json
$report | Add-Member ProcessExitCode 0 -PassThru

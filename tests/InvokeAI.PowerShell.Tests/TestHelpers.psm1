# Helpers shared by the Pester files: import the built module and make small test images without the module,
# so a test of the module never depends on the module to create its inputs.

function Import-BuiltModule {
    if (-not $env:INVOKEAI_TEST_MODULE) { throw 'INVOKEAI_TEST_MODULE is not set: run the tests through ./build.ps1 -Task Test.' }
    Import-Module $env:INVOKEAI_TEST_MODULE -Force -Global
}

# A copy of the built module's demo model, for tests that need a model folder of their own (its own session, files to change).
function Copy-DemoModel([Parameter(Mandatory)] [string] $Destination) {
    Copy-Item (Join-Path $env:INVOKEAI_TEST_MODULE 'models/demo') $Destination -Recurse -Force
    $Destination
}

function Get-Crc32 {
    # PNG's CRC-32, in 64-bit integers: PowerShell reads 0xEDB88320 as a negative Int32.
    param([byte[]] $Bytes)
    [long] $crc = 0xFFFFFFFFL
    foreach ($b in $Bytes) {
        $crc = $crc -bxor $b
        for ($k = 0; $k -lt 8; $k++) {
            $crc = if ($crc -band 1) { ($crc -shr 1) -bxor 0xEDB88320L } else { $crc -shr 1 }
        }
    }
    return [uint32]($crc -bxor 0xFFFFFFFFL)
}

function ConvertTo-BigEndian([uint32] $Value) {
    $bytes = [BitConverter]::GetBytes($Value); [Array]::Reverse($bytes); return , $bytes
}

function Set-TestPngSize {
    # A PNG's bytes with the size its IHDR declares changed (width and height at bytes 16–23, big-endian) and the
    # chunk's CRC fixed, so readers trust the header: a decompression bomb's few bytes declaring 30000×30000.
    param([byte[]] $Png, [int] $Width, [int] $Height)
    [Array]::Copy([byte[]]((ConvertTo-BigEndian $Width) + (ConvertTo-BigEndian $Height)), 0, $Png, 16, 8)
    [Array]::Copy((ConvertTo-BigEndian (Get-Crc32 $Png[12..28])), 0, $Png, 29, 4)
    , $Png
}

function New-TestPng {
    <#
    Writes a Width×Height RGBA PNG: a left-to-right gradient from -From to -To (RGB byte triples), alpha 255.
    -Text adds a tEXt chunk per entry, keyword → text (Latin-1), as other tools write their parameters.
    -Rect (x, y, width, height) gives a rectangle alpha -RectAlpha (default 0: a transparent hole, the gradient's
    colour kept under it) and, with -RectColour, that colour instead (0, 0, 0 for a hole with nothing underneath;
    255, 255, 255 with -RectAlpha 255 and a black gradient for a mask image).
    #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [int] $Width = 64,
        [int] $Height = 64,
        [byte[]] $From = @(200, 40, 40),
        [byte[]] $To = @(40, 40, 200),
        [hashtable] $Text = @{},
        [int[]] $Rect,
        [byte] $RectAlpha = 0,
        [byte[]] $RectColour
    )
    $row = [byte[]]::new(1 + 4 * $Width)
    for ($x = 0; $x -lt $Width; $x++) {
        $t = if ($Width -gt 1) { $x / ($Width - 1) } else { 0 }
        for ($c = 0; $c -lt 3; $c++) { $row[1 + 4 * $x + $c] = [byte][math]::Round($From[$c] + ($To[$c] - $From[$c]) * $t) }
        $row[1 + 4 * $x + 3] = 255
    }
    $raw = [IO.MemoryStream]::new()
    $z = [IO.Compression.ZLibStream]::new($raw, [IO.Compression.CompressionLevel]::Fastest, $true)
    for ($y = 0; $y -lt $Height; $y++) {
        $line = $row
        if ($Rect -and $y -ge $Rect[1] -and $y -lt $Rect[1] + $Rect[3]) {
            $line = $row.Clone()
            for ($x = $Rect[0]; $x -lt [math]::Min($Width, $Rect[0] + $Rect[2]); $x++) {
                $line[1 + 4 * $x + 3] = $RectAlpha
                if ($RectColour) { for ($c = 0; $c -lt 3; $c++) { $line[1 + 4 * $x + $c] = $RectColour[$c] } }
            }
        }
        $z.Write($line, 0, $line.Length)
    }
    $z.Dispose()

    $file = [IO.MemoryStream]::new()
    $file.Write([byte[]](137, 80, 78, 71, 13, 10, 26, 10), 0, 8)
    $header = [byte[]]((ConvertTo-BigEndian $Width) + (ConvertTo-BigEndian $Height) + [byte[]](8, 6, 0, 0, 0))
    $latin1 = [Text.Encoding]::Latin1
    $textChunks = @($Text.GetEnumerator() | ForEach-Object { , @('tEXt', [byte[]]($latin1.GetBytes($_.Key) + [byte[]](0) + $latin1.GetBytes($_.Value))) })
    foreach ($chunk in @(@(, @('IHDR', $header)) + $textChunks + @(@('IDAT', $raw.ToArray()), @('IEND', [byte[]]@())))) {
        $typeAndData = [byte[]]([Text.Encoding]::ASCII.GetBytes($chunk[0]) + $chunk[1])
        $file.Write((ConvertTo-BigEndian $chunk[1].Length), 0, 4)
        $file.Write($typeAndData, 0, $typeAndData.Length)
        $file.Write((ConvertTo-BigEndian (Get-Crc32 $typeAndData)), 0, 4)
    }
    [IO.File]::WriteAllBytes($Path, $file.ToArray())
    Get-Item -LiteralPath $Path
}

function Get-MeanColour {
    <# Mean R, G, B of an image object's pixels. #>
    param([Parameter(Mandatory)] $Image)
    $px = $Image.Pixels.Pixels
    $sum = [double[]]::new(3)
    for ($i = 0; $i -lt $px.Length; $i += 4) { $sum[0] += $px[$i]; $sum[1] += $px[$i + 1]; $sum[2] += $px[$i + 2] }
    $n = $px.Length / 4
    [pscustomobject]@{ R = $sum[0] / $n; G = $sum[1] / $n; B = $sum[2] / $n }
}

function New-TestBatch {
    <# A folder of 1.png, 2.png, 3.png where 2.png is not an image: the batch every "one bad file" test needs. #>
    param([Parameter(Mandatory)] [string] $Path, [int] $Size = 64)
    New-Item -ItemType Directory $Path -Force | Out-Null
    New-TestPng -Path (Join-Path $Path '1.png') -Width $Size -Height $Size | Out-Null
    Set-Content -Path (Join-Path $Path '2.png') -Value 'this is not an image'
    New-TestPng -Path (Join-Path $Path '3.png') -Width $Size -Height $Size | Out-Null
    $Path
}

function Get-ChildPwsh {
    # The command of a fresh pwsh of this installation: under `dotnet pwsh` the process is dotnet and pwsh.dll its
    # first argument. The first element is the program, the rest go before its own arguments.
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    return @($process)
}

function Invoke-ChildPwsh {
    <#
    Runs a script file in a fresh pwsh of the same installation (under `dotnet pwsh` the process is dotnet and
    pwsh.dll its argument), as a separate process: what it shows is what a new PowerShell session would see.
    -Environment sets variables for it alone ($null removes one); -WorkingDirectory is its current directory.
    Returns the exit code, the standard output's lines and the standard error's text.
    #>
    param(
        [Parameter(Mandatory)] [string] $File,
        [string[]] $Arguments = @(),
        [hashtable] $Environment = @{},
        [string] $WorkingDirectory = (Get-Location).ProviderPath
    )
    $pwsh = @(Get-ChildPwsh)
    $start = [Diagnostics.ProcessStartInfo]::new($pwsh[0])
    foreach ($argument in @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $File) + $Arguments) { $start.ArgumentList.Add($argument) }
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { $start.Environment.Remove($name) | Out-Null } else { $start.Environment[$name] = $Environment[$name] }
    }
    $start.WorkingDirectory = $WorkingDirectory
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $child = [Diagnostics.Process]::Start($start)
    # Both streams are read at once: a child that fills one pipe while the other is awaited would never finish.
    $errors = $child.StandardError.ReadToEndAsync()
    $output = $child.StandardOutput.ReadToEnd()
    $child.WaitForExit()
    [pscustomobject]@{
        ExitCode = $child.ExitCode
        Output   = @($output -split '\r?\n' | Where-Object { $_ })
        Errors   = $errors.GetAwaiter().GetResult()
    }
}

Export-ModuleMember -Function Import-BuiltModule, Copy-DemoModel, New-TestPng, Set-TestPngSize, Get-MeanColour, New-TestBatch, Get-ChildPwsh, Invoke-ChildPwsh

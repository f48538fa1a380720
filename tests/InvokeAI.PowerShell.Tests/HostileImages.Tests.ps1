# A drop folder with a decompression bomb, a half-copied file and a FIFO among good images: each bad file is
# reported once, by name and under its own id, and the good files before and after it still come out.
BeforeDiscovery {
    # Known at discovery too, where -Skip is decided.
    $canMakeFifo = [bool](Get-Command mkfifo -CommandType Application -ErrorAction Ignore)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule

    $script:canMakeFifo = [bool](Get-Command mkfifo -CommandType Application -ErrorAction Ignore)
    $script:drop = Join-Path $TestDrive 'drop'
    New-Item -ItemType Directory $drop | Out-Null
    foreach ($name in 'a', 'c', 'e', 'g') { New-TestPng -Path (Join-Path $drop "$name.png") -Width 64 -Height 64 | Out-Null }

    $script:bomb = Join-Path $drop 'b-bomb.png'
    $png = [IO.File]::ReadAllBytes((Join-Path $drop 'a.png'))
    [IO.File]::WriteAllBytes($bomb, (Set-TestPngSize $png 30000 30000))

    $script:half = Join-Path $drop 'd-half.png'
    New-TestPng -Path $half -Width 64 -Height 64 | Out-Null
    $bytes = [IO.File]::ReadAllBytes($half)
    [IO.File]::WriteAllBytes($half, $bytes[0..($bytes.Length / 2)])

    $script:fifo = Join-Path $drop 'f-fifo.png'
    if ($canMakeFifo) { mkfifo $fifo }

    $script:good = @('a', 'c', 'e', 'g' | ForEach-Object { Join-Path $drop "$_.png" })
}

Describe 'A drop folder with hostile files' {
    It 'has mkfifo on Linux and macOS, so the FIFO cases run there' -Skip:$IsWindows {
        $canMakeFifo | Should -BeTrue
    }

    It 'Import-Image reports each bad file once, by name, and imports the good ones around it' {
        $images = @(Import-Image (Join-Path $drop '*.png') -ErrorVariable problems -ErrorAction SilentlyContinue)

        $images.SourcePath | Should -Be $good
        $expected = @(
            @{ Id = 'ImageTooLarge'; File = $bomb; Words = '30000×30000' }
            @{ Id = 'ImageTruncated'; File = $half; Words = 'truncated' }
            if ($canMakeFifo) { @{ Id = 'ImageNotARegularFile'; File = $fifo; Words = 'FIFO' } }
        )
        $problems.Count | Should -Be $expected.Count
        for ($i = 0; $i -lt $expected.Count; $i++) {
            $problems[$i].FullyQualifiedErrorId | Should -Be "$($expected[$i].Id),InvokeAI.PowerShell.Commands.ImportImageCommand"
            $problems[$i].TargetObject | Should -Be $expected[$i].File
            "$($problems[$i])" | Should -BeLike "*$($expected[$i].File)*"
            "$($problems[$i])" | Should -BeLike "*$($expected[$i].Words)*"
            "$($problems[$i])" | Should -Not -Match "`n"
        }
    }

    It 'Invoke-Img2Img renders the good files of a piped batch and reports each bad one once, under InitImage ids' {
        $images = @(Get-ChildItem $drop -Filter *.png | Sort-Object Name |
            Invoke-Img2Img -Prompt 'fire' -Steps 2 -Strength 0.5 -Seed 1 -ErrorVariable problems -ErrorAction SilentlyContinue)

        $images.SourcePath | Should -Be $good
        $ids = @($problems | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] })
        $ids | Should -Be @('InitImageTooLarge', 'InitImageTruncated'; if ($canMakeFifo) { 'InitImageNotARegularFile' })
        @($problems.TargetObject) | Should -Be @($bomb, $half; if ($canMakeFifo) { $fifo })
    }

    It 'Get-ImageMetadata neither blocks on the FIFO nor decodes the bomb' -Skip:(-not $canMakeFifo) {
        Get-ImageMetadata -LiteralPath $fifo -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'ImageNotARegularFile,InvokeAI.PowerShell.Commands.GetImageMetadataCommand'

        # The bomb's header is read, its pixels are not: it merely carries no parameters.
        Get-ImageMetadata -LiteralPath $bomb -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'ImageMetadataNotFound,InvokeAI.PowerShell.Commands.GetImageMetadataCommand'
    }

    It 'a -Mask that is a FIFO stops the render before it starts' -Skip:(-not $canMakeFifo) {
        { Invoke-Img2Img 'fire' $good[0] -Mask $fifo -Steps 2 -Strength 0.5 -ErrorAction Stop } |
            Should -Throw -ErrorId 'MaskNotARegularFile,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
    }
}

Describe '$InvokeAIMaxImagePixels' {
    It 'sets the decode limit where it is in scope, and the error says how to raise it' {
        $InvokeAIMaxImagePixels = 64 * 64 - 1
        Import-Image $good[0] -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'ImageTooLarge,InvokeAI.PowerShell.Commands.ImportImageCommand'
        "$($problems[0])" | Should -BeLike '*4,095 pixels*'
        $problems[0].ErrorDetails.RecommendedAction | Should -BeLike '*$InvokeAIMaxImagePixels*'

        $InvokeAIMaxImagePixels = 64 * 64
        (Import-Image $good[0]).Width | Should -Be 64
    }

    It 'is 8192 × 8192 when unset, which refuses the bomb' {
        Remove-Variable InvokeAIMaxImagePixels -ErrorAction Ignore
        Import-Image $bomb -ErrorVariable problems -ErrorAction SilentlyContinue
        "$($problems[0])" | Should -BeLike '*67,108,864 pixels*'
    }

    It 'stops the command when it is not a number of pixels in range' -ForEach @(
        @{ Value = 'lots' }, @{ Value = 0 }, @{ Value = -1 }, @{ Value = 1.5 }
    ) {
        $InvokeAIMaxImagePixels = $Value
        { Import-Image $good[0] -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'InvokeAIMaxImagePixelsInvalid,InvokeAI.PowerShell.Commands.ImportImageCommand'
    }
}

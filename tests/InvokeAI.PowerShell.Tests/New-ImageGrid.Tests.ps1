BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule

    function New-SolidImage {
        # An image object of one colour, made without rendering.
        param([int] $Width = 32, [int] $Height = 32, [byte[]] $Colour = @(200, 60, 20), [double] $Strength = 0.5, [uint32] $Seed = 1)
        $pixels = [InvokeAI.Core.Imaging.RgbaImage]::new($Width, $Height)
        for ($i = 0; $i -lt $pixels.Pixels.Length; $i += 4) {
            $pixels.Pixels[$i] = $Colour[0]; $pixels.Pixels[$i + 1] = $Colour[1]; $pixels.Pixels[$i + 2] = $Colour[2]; $pixels.Pixels[$i + 3] = 255
        }
        [InvokeAI.Core.Pipelines.DiffusionImage]@{ Pixels = $pixels; Settings = [InvokeAI.Core.Pipelines.RenderSettings]@{ Strength = $Strength; Seed = $Seed; Prompt = 'fire' } }
    }

    function Get-Pixel($Image, [int] $X, [int] $Y) {
        $i = 4 * ($Y * $Image.Width + $X)
        @($Image.Pixels.Pixels[$i], $Image.Pixels.Pixels[$i + 1], $Image.Pixels.Pixels[$i + 2])
    }

    $script:four = 0.3, 0.5, 0.7, 0.9 | ForEach-Object { New-SolidImage -Strength $_ }
}

Describe 'New-ImageGrid' {
    It 'tiles 4 images in 2 columns exactly without captions or spacing' {
        $grid = $four | New-ImageGrid -Columns 2 -Caption @() -Spacing 0
        $grid | Should -BeOfType ([InvokeAI.Core.Pipelines.DiffusionImage])
        "$($grid.Width)x$($grid.Height)" | Should -Be '64x64'
    }

    It 'adds the spacing around every cell' {
        $grid = $four | New-ImageGrid -Columns 2 -Caption @() -Spacing 4
        "$($grid.Width)x$($grid.Height)" | Should -Be '76x76'
    }

    It 'makes the grid as square as it can by default' {
        $nine = 1..9 | ForEach-Object { New-SolidImage -Seed $_ }
        (@($nine) | New-ImageGrid -Caption @() -Spacing 0).Width | Should -Be (3 * 32)
    }

    It 'draws captions in a strip under each cell' {
        $grid = $four | New-ImageGrid -Columns 2 -Spacing 4
        $grid.Height | Should -BeGreaterThan 76
        # The first cell's strip starts under its image: count pixels that are not the grid's background.
        $ink = 0
        for ($y = 4 + 32; $y -lt 4 + 32 + 18; $y++) {
            for ($x = 4; $x -lt 4 + 32; $x++) {
                if ((Get-Pixel $grid $x $y)[0] -gt 100) { $ink++ }
            }
        }
        $ink | Should -BeGreaterThan 20
    }

    It 'captions with the properties -Caption names' {
        $default = $four | New-ImageGrid -Columns 2
        $oneLine = $four | New-ImageGrid -Columns 2 -Caption Seed
        $oneLine.Height | Should -BeLessThan $default.Height
    }

    It 'tab-completes caption properties' {
        $line = 'New-ImageGrid -Caption Sig'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'Sigma'
    }

    It 'stops with UnknownCaptionProperty for a name that is not a property' {
        { $four | New-ImageGrid -Caption Colour -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnknownCaptionProperty,InvokeAI.PowerShell.Commands.NewImageGridCommand'
    }

    It 'keeps the parameters all images share and drops the ones that differ' {
        $grid = $four | New-ImageGrid
        $grid.Seed | Should -Be 1
        $grid.Prompt | Should -Be 'fire'
        $grid.Strength | Should -BeNullOrEmpty
    }

    It 'enlarges small images to the largest with nearest neighbour' {
        $small = New-SolidImage -Width 8 -Height 8 -Colour 10, 200, 10
        $grid = $small, (New-SolidImage -Width 64 -Height 64) | New-ImageGrid -Columns 2 -Caption @() -Spacing 0
        "$($grid.Width)x$($grid.Height)" | Should -Be '128x64'
        Get-Pixel $grid 0 0 | Should -Be @(10, 200, 10)
        Get-Pixel $grid 63 63 | Should -Be @(10, 200, 10)
    }

    It 'writes nothing when nothing comes in' {
        @(@() | New-ImageGrid).Count | Should -Be 0
    }

    It 'turns a strength sweep of renders into one saved picture' {
        $init = New-TestPng -Path (Join-Path $TestDrive 'init.png') -Width 64 -Height 64
        $file = Join-Path $TestDrive 'sweep.png'
        0.3, 0.6 | ForEach-Object { Invoke-Img2Img 'fire' $init -Strength $_ -Steps 4 -Seed 9 } |
            New-ImageGrid -Columns 2 | Save-Image -Path $file
        Test-Path $file | Should -BeTrue
        (Import-Image $file).Width | Should -Be (2 * 64 + 3 * 4)
    }
}

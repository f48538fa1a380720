BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:init = New-TestPng -Path (Join-Path $TestDrive 'init.png') -Width 64 -Height 64
    $script:image = Invoke-Img2Img 'fire' $init -Steps 2 -Strength 0.5 -Seed 42
}

Describe 'Save-Image' {
    It 'names files {counter:000000}.{seed}.png, continuing the counter the folder already has' {
        $dir = Join-Path $TestDrive 'renders'
        New-Item -ItemType Directory $dir | Out-Null
        Set-Content (Join-Path $dir '000041.99.png') 'an earlier render'
        $files = @($image, $image | Save-Image -Directory $dir -PassThru)
        $files.Name | Should -Be @('000042.42.png', '000043.42.png')
        $files[0] | Should -BeOfType ([IO.FileInfo])
    }

    It 'writes a PNG that reads back with the same pixels' {
        $file = $image | Save-Image -Path (Join-Path $TestDrive 'roundtrip.png') -PassThru
        $back = Invoke-Img2Img 'fire' $file -Strength 0 -Steps 1
        $back.Width | Should -Be 64
        [IO.File]::ReadAllBytes($file.FullName)[1..3] | Should -Be @(80, 78, 71)
        $reread = $file | Get-Item
        $reread.Length | Should -BeGreaterThan 100
    }

    It 'creates the directory, relative to the PowerShell location' {
        Push-Location $TestDrive
        try { $file = $image | Save-Image -Directory 'new/nested' -PassThru }
        finally { Pop-Location }
        $file.DirectoryName | Should -Be (Join-Path $TestDrive 'new/nested')
    }

    It 'never overwrites without -Force, and overwrites with it' {
        $path = Join-Path $TestDrive 'keep.png'
        Set-Content $path 'precious'
        $image | Save-Image -Path $path -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'ImageFileExists,InvokeAI.PowerShell.Commands.SaveImageCommand'
        $problems[0].TargetObject | Should -Be $path
        Get-Content $path | Should -Be 'precious'
        $image | Save-Image -Path $path -Force
        [IO.File]::ReadAllBytes($path)[1..3] | Should -Be @(80, 78, 71)
    }

    It 'writes nothing with -WhatIf' {
        $dir = Join-Path $TestDrive 'whatif'
        $image | Save-Image -Directory $dir -WhatIf
        Test-Path $dir | Should -BeFalse
        $image | Save-Image -Path (Join-Path $TestDrive 'whatif.png') -WhatIf
        Test-Path (Join-Path $TestDrive 'whatif.png') | Should -BeFalse
    }

    It 'leaves no file behind when the write fails' {
        $dir = Join-Path $TestDrive 'blocked'
        New-Item -ItemType Directory $dir | Out-Null
        # A directory where the file should go makes the final rename fail after the PNG was encoded.
        New-Item -ItemType Directory (Join-Path $dir 'taken.png') | Out-Null
        $image | Save-Image -Path (Join-Path $dir 'taken.png') -Force -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'ImageWriteFailed,InvokeAI.PowerShell.Commands.SaveImageCommand'
        @(Get-ChildItem $dir -Force -File).Count | Should -Be 0
    }

    It 'completes the Get-ChildItem | Invoke-Img2Img | Save-Image flow' {
        $in = Join-Path $TestDrive 'flow-in'; $out = Join-Path $TestDrive 'flow-out'
        New-Item -ItemType Directory $in | Out-Null
        1..3 | ForEach-Object { New-TestPng -Path (Join-Path $in "$_.png") | Out-Null }
        Get-ChildItem (Join-Path $in '*.png') | Invoke-Img2Img -Prompt 'tree on a hill with a river, green' -Steps 4 -Strength 0.75 -Seed 11 |
            Save-Image -Directory $out
        (Get-ChildItem $out).Name | Should -Be @('000001.11.png', '000002.11.png', '000003.11.png')
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:folder = Join-Path $TestDrive 'import'
    New-Item -ItemType Directory $folder | Out-Null
    New-TestPng -Path (Join-Path $folder 'a.png') -Width 96 -Height 64 | Out-Null
    New-TestPng -Path (Join-Path $folder 'b.png') -Width 64 -Height 128 -From 20, 200, 20 -To 240, 240, 240 | Out-Null
    # Brackets are wildcard characters: 'sketch[1].png' as a pattern matches 'sketch1.png', never itself.
    New-TestPng -Path (Join-Path $folder 'sketch[1].png') -Width 72 -Height 40 | Out-Null
    New-TestPng -Path (Join-Path $folder 'sketch1.png') -Width 40 -Height 72 | Out-Null
}

Describe 'Import-Image' {
    It 'loads a file as an image object with its pixels and full path, and no render properties' {
        $image = Import-Image (Join-Path $folder 'a.png')
        $image | Should -BeOfType ([InvokeAI.Core.Pipelines.DiffusionImage])
        $image.Width | Should -Be 96
        $image.Height | Should -Be 64
        $image.SourcePath | Should -Be (Join-Path $folder 'a.png')
        @($image.Pixels.Pixels[0..3]) | Should -Be @(200, 40, 40, 255)   # the gradient's first pixel
        $image.Prompt | Should -BeNullOrEmpty
        $image.Seed | Should -BeNullOrEmpty
        $image.Strength | Should -BeNullOrEmpty
        $image.Steps | Should -BeNullOrEmpty
        $image.Model | Should -BeNullOrEmpty
    }

    It 'expands wildcards and resolves relative paths against the PowerShell location' {
        Push-Location $folder
        try {
            $images = @(Import-Image './?.png')
            $images.SourcePath | Should -Be @((Join-Path $folder 'a.png'), (Join-Path $folder 'b.png'))
        }
        finally { Pop-Location }
    }

    It 'takes the files Get-ChildItem writes, by their PSPath' {
        $images = @(Get-ChildItem (Join-Path $folder '?.png') | Import-Image)
        $images.Count | Should -Be 2
        $images[1].Height | Should -Be 128
    }

    It 'takes a file name with [brackets] literally with -LiteralPath, and as a wildcard with -Path' {
        (Import-Image -LiteralPath (Join-Path $folder 'sketch[1].png')).Width | Should -Be 72
        (Import-Image -Path (Join-Path $folder 'sketch[1].png')).Width | Should -Be 40
    }

    It 'reads a bracketed file piped from Get-ChildItem as itself' {
        $image = Get-Item -LiteralPath (Join-Path $folder 'sketch[1].png') | Import-Image
        $image.Width | Should -Be 72
        $image.SourcePath | Should -Be (Join-Path $folder 'sketch[1].png')
    }

    It 'passes over folders a wildcard matches, and reports a folder named on its own' {
        $withFolder = Join-Path $TestDrive 'with-folder'
        New-Item -ItemType Directory (Join-Path $withFolder 'sub') -Force | Out-Null
        New-TestPng -Path (Join-Path $withFolder 'only.png') | Out-Null
        $images = @(Import-Image (Join-Path $withFolder '*') -ErrorVariable problems -ErrorAction SilentlyContinue)
        $images.Count | Should -Be 1
        $problems.Count | Should -Be 0
        Import-Image (Join-Path $withFolder 'sub') -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'ImageNotAFile,InvokeAI.PowerShell.Commands.ImportImageCommand'
    }

    It 'feeds Invoke-Img2Img, which records the file as the source' {
        $render = Import-Image (Join-Path $folder 'a.png') | Invoke-Img2Img 'fire' -Steps 2 -Strength 0.5 -Seed 1 -WarningAction SilentlyContinue
        $render.SourcePath | Should -Be (Join-Path $folder 'a.png')
        $render.Width | Should -Be 64   # 96 rounded down to a multiple of 64 by the render
    }
}

Describe 'Import-Image errors' {
    BeforeAll {
        $script:batch = New-TestBatch -Path (Join-Path $TestDrive 'import-batch')
    }

    It 'writes a non-terminating ImageUnreadable error naming the file and imports the rest' {
        $images = @(Get-ChildItem (Join-Path $batch '*.png') | Import-Image -ErrorVariable problems -ErrorAction SilentlyContinue)
        $images.Count | Should -Be 2
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'ImageUnreadable,InvokeAI.PowerShell.Commands.ImportImageCommand'
        $problems[0].TargetObject | Should -Be (Join-Path $batch '2.png')
        $problems[0].Exception.Message | Should -Match '2\.png'
    }

    It 'writes a non-terminating ImageNotFound error naming a missing file and imports the rest' {
        $paths = (Join-Path $batch '1.png'), (Join-Path $batch 'missing.png'), (Join-Path $batch '3.png')
        $images = @(Import-Image $paths -ErrorVariable problems -ErrorAction SilentlyContinue)
        $images.Count | Should -Be 2
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'ImageNotFound,InvokeAI.PowerShell.Commands.ImportImageCommand'
        $problems[0].TargetObject | Should -Be (Join-Path $batch 'missing.png')
        $problems[0].Exception.Message | Should -Match 'missing\.png'
    }

    It 'names a missing relative path by its full path, as Get-Item does' {
        Push-Location $batch
        try {
            Import-Image './missing.png' -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].FullyQualifiedErrorId | Should -Be 'ImageNotFound,InvokeAI.PowerShell.Commands.ImportImageCommand'
            $problems[0].TargetObject | Should -Be (Join-Path $batch 'missing.png')
        }
        finally { Pop-Location }
    }

    It 'reports a missing -LiteralPath file as ImageNotFound' {
        Import-Image -LiteralPath (Join-Path $batch 'gone[2].png') -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'ImageNotFound,InvokeAI.PowerShell.Commands.ImportImageCommand'
        $problems[0].TargetObject | Should -Be (Join-Path $batch 'gone[2].png')
    }

    It 'stops at the first bad file with -ErrorAction Stop' {
        { Get-ChildItem (Join-Path $batch '*.png') | Import-Image -ErrorAction Stop } |
            Should -Throw -ErrorId 'ImageUnreadable,InvokeAI.PowerShell.Commands.ImportImageCommand'
    }
}

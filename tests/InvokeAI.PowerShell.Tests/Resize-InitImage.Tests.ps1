BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:folder = Join-Path $TestDrive 'resize'
    New-Item -ItemType Directory $folder | Out-Null
    $script:files = @{}
    foreach ($size in '1024x768', '700x500', '500x375', '300x200', '600x40') {
        $width, $height = $size -split 'x'
        $files[$size] = (New-TestPng -Path (Join-Path $folder "$size.png") -Width $width -Height $height).FullName
    }
}

Describe 'Resize-InitImage sizes' {
    It '<Source> <Label> gives <Expected>' -ForEach @(
        @{ Source = '1024x768'; Label = '(stretch)'; Switches = @{}; Expected = '512x512' }
        @{ Source = '1024x768'; Label = '-Fit'; Switches = @{ Fit = $true }; Expected = '512x384' }
        @{ Source = '1024x768'; Label = '-Pad'; Switches = @{ Pad = $true }; Expected = '512x512' }
        @{ Source = '700x500'; Label = '-Fit'; Switches = @{ Fit = $true }; Expected = '512x320' }
        @{ Source = '700x500'; Label = '-Fit -Multiple 8'; Switches = @{ Fit = $true; Multiple = 8 }; Expected = '512x360' }
        @{ Source = '700x500'; Label = '-Pad'; Switches = @{ Pad = $true }; Expected = '512x512' }
        @{ Source = '700x500'; Label = '-Fit -Pad'; Switches = @{ Fit = $true; Pad = $true }; Expected = '512x512' }
        @{ Source = '500x375'; Label = '(stretch)'; Switches = @{}; Expected = '448x320' }
        @{ Source = '500x375'; Label = '-Multiple 8'; Switches = @{ Multiple = 8 }; Expected = '496x368' }
        @{ Source = '500x375'; Label = '-AllowUpscale'; Switches = @{ AllowUpscale = $true }; Expected = '512x512' }
        @{ Source = '300x200'; Label = '-Fit'; Switches = @{ Fit = $true }; Expected = '256x192' }
        @{ Source = '300x200'; Label = '-Fit -AllowUpscale'; Switches = @{ Fit = $true; AllowUpscale = $true }; Expected = '512x320' }
    ) {
        $image = Resize-InitImage -Path $files[$Source] -Width 512 -Height 512 @Switches -WarningAction SilentlyContinue
        "$($image.Width)x$($image.Height)" | Should -Be $Expected
        $image.SourcePath | Should -Be $files[$Source]
    }

    It 'pads with the image centred on an opaque border that repeats its edges' {
        $image = Resize-InitImage $files['700x500'] -Width 512 -Height 512 -Pad
        $px = $image.Pixels.Pixels
        $rowBytes = 4 * 512
        # 700x500 fits as 512x365, centred: rows 73 to 437 hold the image, the rows above repeat its first row.
        $top = [byte[]]$px[0..($rowBytes - 1)]
        $firstImageRow = [byte[]]$px[(73 * $rowBytes)..(74 * $rowBytes - 1)]
        [Linq.Enumerable]::SequenceEqual($top, $firstImageRow) | Should -BeTrue
        $image.Pixels.HasTransparency() | Should -BeFalse
    }

    It 'does not enlarge without -AllowUpscale, and says how to' {
        $image = Resize-InitImage $files['300x200'] -Width 512 -Height 512 -Fit -WarningVariable warnings -WarningAction SilentlyContinue
        $image.Width | Should -BeLessOrEqual 300
        $warnings | Should -Match 'AllowUpscale'
    }

    It 'warns when the result is under 512 pixels on its short side' {
        Resize-InitImage $files['1024x768'] -Width 512 -Height 512 -Fit -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
        $warnings.Count | Should -Be 1
        $warnings[0] | Should -Match '512x384|512×384'
        $warnings[0] | Should -Match '1024x768\.png'
    }

    It 'does not warn about a result of 512 or more on both sides' {
        Resize-InitImage $files['1024x768'] -Width 512 -Height 512 -WarningVariable warnings | Out-Null
        $warnings.Count | Should -Be 0
    }

    It 'refuses a -Width smaller than -Multiple before reading anything' {
        { Resize-InitImage $files['700x500'] -Width 40 -Height 512 } |
            Should -Throw -ErrorId 'TargetSmallerThanMultiple,InvokeAI.PowerShell.Commands.ResizeInitImageCommand'
        (Resize-InitImage $files['700x500'] -Width 40 -Height 40 -Fit -Multiple 8 -WarningAction SilentlyContinue).Width | Should -Be 40
    }

    It 'accepts only 64 and 8 for -Multiple' {
        { Resize-InitImage $files['700x500'] -Width 512 -Height 512 -Multiple 32 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,InvokeAI.PowerShell.Commands.ResizeInitImageCommand'
    }
}

Describe 'Resize-InitImage input and output' {
    It 'resizes the files Get-ChildItem writes' {
        $images = @(Get-ChildItem (Join-Path $folder '*.png') -Exclude '600x40.png' |
                Resize-InitImage -Width 256 -Height 256 -Fit -WarningAction SilentlyContinue)
        $images.Count | Should -Be 4
        $images | ForEach-Object { $_ | Should -BeOfType ([InvokeAI.Core.Pipelines.DiffusionImage]) }
        $images.SourcePath | Should -Contain $files['1024x768']
        ($images | Where-Object SourcePath -eq $files['1024x768']).Width | Should -Be 256
    }

    It 'resizes image objects from Import-Image, keeping their source' {
        $image = Import-Image $files['1024x768'] | Resize-InitImage -Width 512 -Height 512 -Fit -WarningAction SilentlyContinue
        "$($image.Width)x$($image.Height)" | Should -Be '512x384'
        $image.SourcePath | Should -Be $files['1024x768']
    }

    It 'keeps only the SourcePath of a rendered image: the render properties describe other pixels' {
        $render = Invoke-Img2Img 'fire' $files['300x200'] -Steps 2 -Strength 0.5 -Seed 5 -WarningAction SilentlyContinue
        $resized = $render | Resize-InitImage -Width 128 -Height 128 -Fit -WarningAction SilentlyContinue
        $resized.Width | Should -Be 128
        $resized.SourcePath | Should -Be $files['300x200']
        $resized.Prompt | Should -BeNullOrEmpty
        $resized.Seed | Should -BeNullOrEmpty
        $resized.Steps | Should -BeNullOrEmpty
    }

    It 'chains into Invoke-Img2Img, which renders at the resized size' {
        $render = Resize-InitImage $files['700x500'] -Width 128 -Height 128 -Fit -WarningAction SilentlyContinue |
            Invoke-Img2Img 'fire' -Steps 2 -Strength 0.5 -Seed 3
        "$($render.Width)x$($render.Height)" | Should -Be '128x64'   # 128x91 rounded down
        $render.SourcePath | Should -Be $files['700x500']
        $render.Prompt | Should -Be 'fire'
    }

    It 'resolves relative paths and wildcards against the PowerShell location' {
        Push-Location $folder
        try {
            @(Resize-InitImage './[357]00x*.png' -Width 128 -Height 128 -WarningAction SilentlyContinue).SourcePath |
                Should -Be @($files['300x200'], $files['500x375'], $files['700x500'])
        }
        finally { Pop-Location }
    }

    It 'takes a file name with [brackets] literally with -LiteralPath' {
        $bracketed = Join-Path $folder 'photo[1].png'
        Copy-Item -LiteralPath $files['700x500'] -Destination $bracketed
        $image = Resize-InitImage -LiteralPath $bracketed -Width 512 -Height 512 -Fit -WarningAction SilentlyContinue
        $image.SourcePath | Should -Be $bracketed
        $image.Height | Should -Be 320
        (Get-Item -LiteralPath $bracketed | Resize-InitImage -Width 512 -Height 512 -Fit -WarningAction SilentlyContinue).SourcePath |
            Should -Be $bracketed
    }
}

Describe 'Resize-InitImage errors' {
    BeforeAll {
        $script:batch = New-TestBatch -Path (Join-Path $TestDrive 'resize-batch') -Size 128
    }

    It 'names an unreadable file and resizes the rest' {
        $images = @(Get-ChildItem (Join-Path $batch '*.png') |
                Resize-InitImage -Width 64 -Height 64 -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $images.Count | Should -Be 2
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'ImageUnreadable,InvokeAI.PowerShell.Commands.ResizeInitImageCommand'
        $problems[0].TargetObject | Should -Be (Join-Path $batch '2.png')
    }

    It 'names a missing file and resizes the rest' {
        $paths = (Join-Path $batch '1.png'), (Join-Path $batch 'missing.png'), (Join-Path $batch '3.png')
        $images = @(Resize-InitImage $paths -Width 64 -Height 64 -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $images.Count | Should -Be 2
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'ImageNotFound,InvokeAI.PowerShell.Commands.ResizeInitImageCommand'
        $problems[0].TargetObject | Should -Be (Join-Path $batch 'missing.png')
        $problems[0].Exception.Message | Should -Match 'missing\.png'
    }

    It 'names an image that would end up under -Multiple pixels on a side, and resizes the rest' {
        $paths = $files['600x40'], (Join-Path $batch '1.png')
        $images = @(Resize-InitImage $paths -Width 512 -Height 512 -Fit -AllowUpscale -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $images.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'ImageTooSmall,InvokeAI.PowerShell.Commands.ResizeInitImageCommand'
        $problems[0].TargetObject | Should -Be $files['600x40']
        "$($problems[0])" | Should -Match '600x40\.png'
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:init = New-TestPng -Path (Join-Path $TestDrive 'init.png') -Width 64 -Height 64
    $script:image = Invoke-Img2Img 'fire' $init -Steps 2 -Strength 0.5 -Seed 42

    function New-TestFolder([string] $Name) {
        New-Item -ItemType Directory (Join-Path $TestDrive $Name) | Select-Object -ExpandProperty FullName
    }

    function Get-ErrorId($ErrorRecord) { ($ErrorRecord.FullyQualifiedErrorId -split ',')[0] }
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

    It 'stops once, before any image, when -Directory is a file' {
        $file = Join-Path $TestDrive 'not-a-folder.txt'
        Set-Content $file 'a file'
        foreach ($directory in $file, (Join-Path $file 'below')) {
            $saved = @()
            $stopped = $null
            try { $saved = @($image, $image | Save-Image -Directory $directory -PassThru -ErrorVariable problems) }
            catch { $stopped = $_ }
            # One terminating error for the parameter, not an ImageWriteFailed per image.
            $stopped.FullyQualifiedErrorId | Should -Be 'DirectoryIsAFile,InvokeAI.PowerShell.Commands.SaveImageCommand'
            $stopped.TargetObject | Should -Be $file
            $stopped.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $saved.Count | Should -Be 0
            $problems.Count | Should -Be 1
        }
        { $image | Save-Image -Path (Join-Path $file '{seed}.png') } | Should -Throw -ErrorId 'DirectoryIsAFile,InvokeAI.PowerShell.Commands.SaveImageCommand'
        Get-Content $file | Should -Be 'a file'
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


Describe 'Save-Image -Path templates' {
    It 'fills {stem} and {seed}, relative to -Directory, and writes JPEG for .jpg' {
        $dir = New-TestFolder 'jpeg'
        $file = $image | Save-Image -Directory $dir -Path '{stem}-{seed}.jpg' -PassThru
        $file.FullName | Should -Be (Join-Path $dir 'init-42.jpg')
        [IO.File]::ReadAllBytes($file.FullName)[0..2] | Should -Be @(0xFF, 0xD8, 0xFF)
    }

    It 'writes lossless WebP for .webp, readable again' {
        $dir = New-TestFolder 'webp'
        $file = $image | Save-Image -Directory $dir -Path '{stem}.webp' -PassThru
        $bytes = [IO.File]::ReadAllBytes($file.FullName)
        [Text.Encoding]::ASCII.GetString($bytes, 0, 4) | Should -Be 'RIFF'
        [Text.Encoding]::ASCII.GetString($bytes, 8, 4) | Should -Be 'WEBP'
        # A rendered image carries its parameters (EXIF), which makes the file an extended (VP8X) WebP; the pixels
        # are still the lossless VP8L bitstream.
        [Text.Encoding]::ASCII.GetString($bytes, 12, 4) | Should -Be 'VP8X'
        [Text.Encoding]::ASCII.GetString($bytes) | Should -Match 'VP8L'
        (Invoke-Img2Img 'fire' $file -Strength 0 -Steps 1).Width | Should -Be 64
    }

    It 'takes .jpeg and upper-case extensions' {
        $dir = New-TestFolder 'jpeg-upper'
        $files = $image | Save-Image -Directory $dir -Path '{seed}.JPEG' -PassThru
        [IO.File]::ReadAllBytes($files.FullName)[0..1] | Should -Be @(0xFF, 0xD8)
    }

    It 'refuses an extension it cannot write, naming the file' {
        $dir = New-TestFolder 'gif'
        $image | Save-Image -Directory $dir -Path '{seed}.gif' -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ImageFormatUnsupported'
        $problems[0].TargetObject | Should -Be (Join-Path $dir '42.gif')
        @(Get-ChildItem $dir -Force).Count | Should -Be 0
    }

    It 'is relative to the PowerShell location without -Directory' {
        Push-Location $TestDrive
        try { $file = $image | Save-Image -Path 'by-location/{stem}/{seed}.png' -PassThru }
        finally { Pop-Location }
        $file.FullName | Should -Be (Join-Path $TestDrive 'by-location/init/42.png')
    }

    It 'continues {counter:000} from the files that match the template' {
        $dir = New-TestFolder 'counter'
        Set-Content (Join-Path $dir 'init-004.png') 'earlier'
        Set-Content (Join-Path $dir 'init-900.jpg') 'another format, not this template'
        Set-Content (Join-Path $dir '000777.42.png') 'InvokeAI names are not this template'
        $files = $image, $image | Save-Image -Directory $dir -Path '{stem}-{counter:000}.png' -PassThru
        $files.Name | Should -Be @('init-005.png', 'init-006.png')
    }

    It 'fills {step} from the Step property and {prompt} sanitised' {
        $dir = New-TestFolder 'step-prompt'
        $intermediate = [InvokeAI.Core.Pipelines.DiffusionImage]@{ Pixels = $image.Pixels; Settings = [InvokeAI.Core.Pipelines.RenderSettings]@{ Seed = 7; Prompt = 'fire / smoke: night?' }; Step = 3; SourcePath = $init.FullName }
        ($intermediate | Save-Image -Directory $dir -Path '{stem}-{step}.png' -PassThru).Name | Should -Be 'init-3.png'
        ($intermediate | Save-Image -Directory $dir -Path '{prompt}.png' -PassThru).Name | Should -Be 'fire _ smoke_ night_.png'
    }

    It 'reports a {step} the image does not have' {
        $dir = New-TestFolder 'no-step'
        $image | Save-Image -Directory $dir -Path '{step}.png' -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ImagePathValueMissing'
        @(Get-ChildItem $dir).Count | Should -Be 0
    }

    It 'stops before saving anything when the template has an unknown placeholder' {
        { $image | Save-Image -Directory (Join-Path $TestDrive 'bad-template') -Path '{colour}.png' } |
            Should -Throw -ErrorId 'ImagePathTemplateInvalid,InvokeAI.PowerShell.Commands.SaveImageCommand'
        Test-Path (Join-Path $TestDrive 'bad-template') | Should -BeFalse
    }
}

Describe 'Save-Image never writes outside -Directory' {
    BeforeAll {
        $script:jail = New-TestFolder 'jail'
    }

    It 'refuses <Template>, naming the expanded path' -ForEach @(
        @{ Template = '../{seed}.png'; Escaped = '42.png' }
        @{ Template = 'sub/../../{stem}-{seed}.png'; Escaped = 'init-42.png' }
        @{ Template = '{stem}/../../{seed}.png'; Escaped = '42.png' }
    ) {
        $image | Save-Image -Directory $jail -Path $Template -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ImagePathOutsideDirectory'
        $problems[0].TargetObject | Should -Be (Join-Path $TestDrive $Escaped)
        Test-Path (Join-Path $TestDrive $Escaped) | Should -BeFalse
    }

    It 'refuses a rooted template outside it' {
        $elsewhere = Join-Path $TestDrive 'elsewhere'
        $image | Save-Image -Directory $jail -Path (Join-Path $elsewhere '{seed}.png') -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ImagePathOutsideDirectory'
        $problems[0].TargetObject | Should -Be (Join-Path $elsewhere '42.png')
        Test-Path $elsewhere | Should -BeFalse
    }

    It 'refuses a {stem} of dots that would climb out' {
        # A source file named '...png' has the stem '..'; as a whole folder name it would be the parent.
        $dots = [InvokeAI.Core.Pipelines.DiffusionImage]@{ Pixels = $image.Pixels; Settings = [InvokeAI.Core.Pipelines.RenderSettings]@{ Seed = 1 }; SourcePath = (Join-Path $TestDrive '...png') }
        $dots | Save-Image -Directory $jail -Path '{stem}/out.png' -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ImagePathOutsideDirectory'
        Test-Path (Join-Path $TestDrive 'out.png') | Should -BeFalse
    }

    It 'keeps separators in values inside the file name' {
        $sneaky = [InvokeAI.Core.Pipelines.DiffusionImage]@{ Pixels = $image.Pixels; Settings = [InvokeAI.Core.Pipelines.RenderSettings]@{ Seed = 1; Prompt = '../../escaped' } }
        $file = $sneaky | Save-Image -Directory $jail -Path '{prompt}.png' -PassThru
        $file.FullName | Should -Be (Join-Path $jail '.._.._escaped.png')
    }

    It 'accepts .. that stays inside' {
        $file = $image | Save-Image -Directory $jail -Path 'a/../{seed}-inside.png' -PassThru
        $file.FullName | Should -Be (Join-Path $jail '42-inside.png')
    }
}

Describe 'Save-Image names within one call' {
    It 'reports the second of two images that expand to the same name, and keeps the first' {
        $dir = New-TestFolder 'same-name'
        $other = Invoke-Img2Img 'blue' $init -Steps 2 -Strength 0.5 -Seed 42
        $files = $image, $other | Save-Image -Directory $dir -Path '{stem}-{seed}.png' -PassThru -ErrorVariable problems -ErrorAction SilentlyContinue
        @($files).Count | Should -Be 1
        Get-ErrorId $problems[0] | Should -Be 'ImageFileExists'
        $problems[0].TargetObject | Should -Be (Join-Path $dir 'init-42.png')
        # The file holds the first image: saved alone, it gives the same bytes.
        $reference = $image | Save-Image -Path (Join-Path $TestDrive 'same-name-reference.png') -PassThru
        (Get-FileHash $files.FullName).Hash | Should -Be (Get-FileHash $reference.FullName).Hash
    }

    It 'reports the collision under -WhatIf too, and overwrites with -Force' {
        $dir = New-TestFolder 'same-name-whatif'
        $image, $image | Save-Image -Directory $dir -Path 'one.png' -WhatIf -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ImageFileExists'
        $image, $image | Save-Image -Directory $dir -Path 'one.png' -Force -ErrorVariable forced
        $forced.Count | Should -Be 0
        (Get-ChildItem $dir).Name | Should -Be 'one.png'
    }

    It '-WhatIf shows the names a real run writes' {
        $dir = New-TestFolder 'whatif-names'
        Set-Content (Join-Path $dir 'init-04.webp') 'earlier'
        $pwsh = @(Get-ChildPwsh)
        $prefix = @($pwsh | Select-Object -Skip 1)
        # -WhatIf writes to the host, not to a stream: a child pwsh's standard output is where it can be read.
        $command = "Import-Module '$env:INVOKEAI_TEST_MODULE'; `$i = Invoke-Img2Img 'fire' '$($init.FullName)' -Steps 2 -Strength 0.5 -Seed 42; " +
            "`$i, `$i | Save-Image -Directory '$dir' -Path '{stem}-{counter:00}.webp' -WhatIf"
        $said = @(& $pwsh[0] @prefix -NoProfile -NonInteractive -Command $command) -match '^What if:'
        $shown = $said | ForEach-Object { if ($_ -match 'on target "(?<target>[^"]+)"') { $Matches.target } }
        $shown | Should -Be @((Join-Path $dir 'init-05.webp'), (Join-Path $dir 'init-06.webp'))
        (Get-ChildItem $dir).Name | Should -Be 'init-04.webp'

        $written = $image, $image | Save-Image -Directory $dir -Path '{stem}-{counter:00}.webp' -PassThru
        $written.FullName | Should -Be $shown
    }
}

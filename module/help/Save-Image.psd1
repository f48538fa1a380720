# Help source for Save-Image. build/Build-Help.ps1 merges it with the cmdlet's own metadata (parameter sets,
# types, positions, pipeline input, aliases come from the cmdlet, never from here) into
# en-US/InvokeAI.PowerShell.dll-Help.xml. Blank lines separate paragraphs; lines starting with '-' or
# indentation keep their line break. Every parameter needs a description or the build fails.
@{
    Synopsis    = 'Saves rendered images as PNG files, named the way InvokeAI names its outputs.'

    Description = @'
Save-Image writes each image object it receives, usually from Invoke-Img2Img, to a PNG file. It is the end of the batch pipeline: images are saved one by one as they arrive, so a long batch leaves its finished files on disk while it runs.

With -Directory (the default parameter set; the current location when omitted) files are named as InvokeAI 2.x names them, {counter:000000}.{seed}.png, for example 000032.1592514025.png. The counter continues from the highest counter already in the folder, and counts on for each image of the same call; the seed in the name is the seed the image was rendered with, so the file name alone is enough to render it again. An image without a seed (one that was not rendered) is named {counter:000000}.png. The folder is created when it does not exist.

With -Path the image is written to exactly that file. Use it for a single image, or inside ForEach-Object with a name computed per image: every image piped into one Save-Image -Path call goes to the same file.

Save-Image never overwrites a file unless -Force is given: an existing file is reported as a non-terminating error (ImageFileExists) and the next image is still saved. In a directory the names are chosen so that they do not exist yet, so -Force matters only with -Path. Each file is written to a temporary file in the same folder and then renamed into place, so a failed write or Ctrl+C never leaves half an image behind; a write that fails reports a non-terminating error (ImageWriteFailed) naming the file.

Save-Image supports -WhatIf and -Confirm. With -WhatIf nothing is written, but the counter still advances as if the files were, so the names shown are the names a real run would write. Nothing is written to the pipeline unless -PassThru is given.
'@

    Parameters  = @{
        InputObject = @'
The image to save: an InvokeAI.Core.Imaging.DiffusionImage, as Invoke-Img2Img writes it. Takes images from the pipeline one at a time; its Seed names the file when saving into a directory.
'@
        Directory   = @{
            Description  = @'
The folder to save into, with InvokeAI's {counter:000000}.{seed}.png names. Relative paths resolve against the current PowerShell location; the folder is created when missing. Images from one call are numbered in the order they arrive.
'@
            DefaultValue = 'The current location'
        }
        Path        = @'
The exact file to write, instead of a generated name in a directory. Relative paths resolve against the current PowerShell location, and missing parent folders are created. The file is written as PNG whatever its extension, so name it .png. Fails for an existing file unless -Force is given.
'@
        Force       = @'
Overwrites the file at -Path when it already exists. Without it an existing file is left untouched and reported as a non-terminating error. (With -Directory the generated names never exist yet, so -Force has nothing to overwrite.)
'@
        PassThru    = @'
Writes a System.IO.FileInfo for each file saved, for example to pipe the files on or show their names and sizes. By default Save-Image writes nothing to the pipeline.
'@
        WhatIf      = @'
Shows the file each image would be saved to, with the name it would get, without writing anything.
'@
        Confirm     = @'
Asks for confirmation before writing each file.
'@
    }

    Inputs      = @{
        'InvokeAI.Core.Imaging.DiffusionImage' = @'
You can pipe the images Invoke-Img2Img writes to Save-Image.
'@
    }

    Outputs     = @{
        'System.IO.FileInfo' = @'
With -PassThru, one FileInfo for each file written. Otherwise Save-Image writes nothing to the pipeline.
'@
    }

    Examples    = @(
        @{
            Title   = 'Save a batch of renders with InvokeAI file names'
            Code    = @'
Get-ChildItem sketches/*.png | Invoke-Img2Img -Prompt 'tree on a hill with a river, national geographic' -Strength 0.75 | Save-Image -Directory renders
'@
            Remarks = @'
Each render is saved as soon as it is finished, as renders/000001.<seed>.png, renders/000002.<seed>.png and on. Run it again and the counter continues from the highest one in renders, so nothing is overwritten.
'@
        }
        @{
            Title   = 'Save one image to a chosen file and get the file back'
            Code    = @'
Invoke-Img2Img 'fire' ./fire-drawing.png -Steps 10 -Strength 0.7 -Seed 1592514025 |
    Save-Image -Path ./fire.png -Force -PassThru | Select-Object Name, Length

Name     Length
----     ------
fire.png 222072
'@
            Remarks = @'
-Force replaces fire.png if an earlier run left one; -PassThru writes the FileInfo of the file saved, here reduced to its name and size.
'@
        }
        @{
            Title   = 'See which files a batch would write'
            Code    = @'
$images = Get-ChildItem sketches/*.png | Invoke-Img2Img 'sailboat on a blue sea at sunset' -Seed 1592514025
$images | Save-Image renders -WhatIf

What if: Performing the operation "Save 512×512 image" on target "/home/me/renders/000004.1592514025.png".
What if: Performing the operation "Save 512×512 image" on target "/home/me/renders/000005.1592514025.png".
'@
            Remarks = @'
-Directory is positional. With -WhatIf nothing is written, and the names shown are the ones a run without -WhatIf would use (renders already holds 000001 to 000003). Keeping the images in a variable lets you save them after looking.
'@
        }
        @{
            Title   = 'Name each output after its sketch'
            Code    = @'
Get-ChildItem sketches/*.png | ForEach-Object {
    $_ | Invoke-Img2Img 'tree on a hill with a river, national geographic' -Seed 1592514025 |
        Save-Image -Path "renders/$($_.BaseName).png" -Force -PassThru
}
'@
            Remarks = @'
-Path takes one file per call, so the name is computed for each sketch inside ForEach-Object: sketches/house.png is rendered to renders/house.png.
'@
        }
    )

    Notes       = @'
Save-Image writes 8-bit RGBA PNG files at the image's own size.

Error IDs, for -ErrorVariable and $Error: ImageFileExists (the -Path file exists and -Force was not given) and ImageWriteFailed (the file could not be written; the error names it).
'@

    Links       = @('about_InvokeAI', 'Invoke-Img2Img')
}

# Help source for Save-Image. build/Build-Help.ps1 merges it with the cmdlet's own metadata (parameter sets,
# types, positions, pipeline input, aliases come from the cmdlet, never from here) into
# en-US/InvokeAI.PowerShell.dll-Help.xml. Blank lines separate paragraphs; lines starting with '-' or
# indentation keep their line break. Every parameter needs a description or the build fails.
@{
    Synopsis    = 'Saves images as PNG, JPEG or WebP files, named the way InvokeAI names its outputs or from a template.'

    Description = @'
Save-Image writes each image object it receives, usually from Invoke-Img2Img, to a file. It is the end of the batch pipeline: images are saved one by one as they arrive, so a long batch leaves its finished files on disk while it runs.

Without -Path, files go into -Directory (the current location when omitted) and are named as InvokeAI 2.x names them, {counter:000000}.{seed}.png, for example 000032.1592514025.png. The counter continues from the highest counter already in the folder, and counts on for each image of the same call; the seed in the name is the seed the image was rendered with, so the file name alone is enough to render it again. An image without a seed (one that was not rendered) is named {counter:000000}.png. The folder is created when it does not exist.

-Path names the file, or a template filled in from each image. The placeholders are:
  {seed}          the seed the image was rendered with
  {counter}       a number that continues from the folder: six digits, as InvokeAI's names
  {counter:000}   the same with as many digits as zeros ({counter:0} for no padding)
  {stem}          the source file's name without its extension ("image" when it came from no file)
  {step}          the denoising step of an intermediate image (the Step property Get-LatentSteps sets)
  {prompt}        the prompt, cut to 60 characters ("untitled" when there is none)

With -Directory too, a relative -Path is relative to -Directory; otherwise to the current location. Placeholders may name folders ('{stem}/{seed}.png'), missing folders are created. A template never writes outside the folder it is given: -Directory, or without it the folder the template's own text starts in. A name that leaves it, through '..', a rooted path or a value, is a non-terminating error (ImagePathOutsideDirectory) naming the path. Characters that Windows does not allow in file names (\ / : * ? " < > | and control characters) are replaced by _ in the values, on every platform, so a value can never add a folder. An image without the seed or step its template asks for is an error (ImagePathValueMissing). With {counter}, the counter continues from the highest one among the files in that folder that match the template, whatever their other values.

The extension chooses the format: .png (8-bit RGBA, lossless), .jpg or .jpeg (quality 95, full-resolution colour, no alpha), .webp (lossless, so it holds exactly the rendered pixels, alpha included, usually in fewer bytes than the PNG). Any other extension, or none, is a non-terminating error (ImageFormatUnsupported).

A rendered image carries its parameters in the file, so it can be read back with Get-ImageMetadata and rendered again with Invoke-Img2Img -Metadata. A PNG gets three text chunks: Dream, the InvokeAI command line that reproduces it ("fire [smoke]" -s 50 -S 1592514025 -W 512 -H 512 -C 7.5 -A k_lms -f 0.75 -I sketch.png); sd-metadata, InvokeAI 2.x's JSON; and invokeai-powershell, the module's own complete record as JSON (with what InvokeAI's formats cannot hold: Karras, eta, the noise source, the model folder, the init image's hash, the module version). A JPEG or WebP gets the module's record as its EXIF UserComment. Images that were not rendered, such as those from Import-Image, are saved without any.

Save-Image never overwrites a file unless -Force is given: an existing file is reported as a non-terminating error (ImageFileExists) and the next image is still saved. Two images of one call whose names come out the same are treated the same way: the second is an error, not an overwrite (with -Force the second replaces the first). Names with a counter are chosen so that they do not exist yet. Each file is written to a temporary file in the same folder and then renamed into place, so a failed write or Ctrl+C never leaves half an image behind; a write that fails reports a non-terminating error (ImageWriteFailed) naming the file.

Save-Image supports -WhatIf and -Confirm. With -WhatIf nothing is written, but names and counters advance as if the files were, so the names shown are the names a real run would write, and a collision a real run would report is reported. Nothing is written to the pipeline unless -PassThru is given.
'@

    Parameters  = @{
        InputObject = @'
The image to save: an InvokeAI.Core.Pipelines.DiffusionImage, as Invoke-Img2Img writes it. Takes images from the pipeline one at a time; its Seed, SourcePath, Step and Prompt fill the file name.
'@
        Directory   = @{
            Description  = @'
The folder to save into. Without -Path, files get InvokeAI's {counter:000000}.{seed}.png names there; with -Path, the template is relative to this folder and may not leave it. Relative paths resolve against the current PowerShell location; the folder is created when missing. Images from one call are numbered in the order they arrive.
'@
            DefaultValue = 'The current location'
        }
        Path        = @'
The file to write, or a template of it with {seed}, {counter}, {counter:000}, {stem}, {step} and {prompt} filled in from each image (see the description). The extension chooses the format: .png, .jpg, .jpeg or .webp. A relative path is relative to -Directory when it is given, else to the current PowerShell location; missing folders are created. The path may not leave -Directory (or, without it, the folder the template's text starts in). A name that exists, or that an earlier image of the same call took, is an error unless -Force is given.
'@
        Force       = @'
Overwrites a file that already exists, or that an earlier image of the same call was saved to. Without it the existing file is left untouched and reported as a non-terminating error (ImageFileExists). Names with a counter never exist yet, so -Force has nothing to overwrite there.
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
        'InvokeAI.Core.Pipelines.DiffusionImage' = @'
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
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Get-ChildItem $sketches/*.png | Invoke-Img2Img -Prompt 'tree on a hill with a river, national geographic' -Strength 0.75 | Save-Image -Directory renders
'@
            Remarks = @'
Each render is saved as soon as it is finished, as renders/000001.<seed>.png, renders/000002.<seed>.png and on. Run it again and the counter continues from the highest one in renders, so nothing is overwritten. The first line finds the example sketches that come with the module.
'@
        }
        @{
            Title   = 'Name each output after its sketch and seed, as JPEG'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Get-ChildItem $sketches/*.png | Invoke-Img2Img 'tree on a hill with a river, national geographic' -Seed 1592514025 |
    Save-Image -Directory renders -Path '{stem}-{seed}.jpg' -PassThru | Select-Object Name

Name
----
fireplace-1592514025.jpg
house-1592514025.jpg
mountain-lake-1592514025.jpg
sailboat-1592514025.jpg
tree-on-a-hill-1592514025.jpg
'@
            Remarks = @'
{stem} is the sketch's name without its extension and {seed} the seed of the render; the .jpg extension writes JPEG at quality 95. The template is relative to -Directory, so the files land in renders.
'@
        }
        @{
            Title   = 'Number the renders of each sketch in a folder of its own'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
1..3 | ForEach-Object { Invoke-Img2Img 'fire' $sketches/fireplace.png -Seed $_ } |
    Save-Image -Directory renders -Path '{stem}/{counter:000}.webp'
'@
            Remarks = @'
Writes renders/fireplace/001.webp, 002.webp and 003.webp, lossless. Run it again and the counter continues with 004, counting the files in renders/fireplace whose names fit the template.
'@
        }
        @{
            Title   = 'Save one image to a chosen file and get the file back'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Invoke-Img2Img 'fire' $sketches/fireplace.png -Steps 10 -Strength 0.7 -Seed 1592514025 |
    Save-Image -Path ./fire.png -Force -PassThru | Select-Object Name, Length

Name     Length
----     ------
fire.png 197029
'@
            Remarks = @'
A -Path without placeholders is an exact file name. -Force replaces fire.png if an earlier run left one; -PassThru writes the FileInfo of the file saved, here reduced to its name and size.
'@
        }
        @{
            Title   = 'See which files a batch would write'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
$images = Get-ChildItem $sketches/[hs]*.png | Invoke-Img2Img 'sailboat on a blue sea at sunset' -Seed 1592514025
$images | Save-Image renders
$images | Save-Image renders -WhatIf

What if: Performing the operation "Save 512×512 image" on target "/home/me/renders/000003.1592514025.png".
What if: Performing the operation "Save 512×512 image" on target "/home/me/renders/000004.1592514025.png".
'@
            Remarks = @'
-Directory is positional. The first Save-Image writes 000001.1592514025.png and 000002.1592514025.png (the house and the sailboat). With -WhatIf nothing is written, and the names shown are the ones a run without -WhatIf would use, after those. Keeping the images in a variable lets you save them after looking.
'@
        }
        @{
            Title   = 'A template cannot leave its folder'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
$image = Invoke-Img2Img 'fire' $sketches/fireplace.png -Steps 10 -Seed 1592514025
$image | Save-Image -Directory renders -Path '../{seed}.png'

Save-Image: '/home/me/1592514025.png' is outside '/home/me/renders': a -Path template never writes outside the folder it is given. Remove '..' or the rooted part from the template.
'@
            Remarks = @'
The error (ImagePathOutsideDirectory) names the path the template expanded to, and nothing is written. The same holds for rooted templates and for values: a {stem} or {prompt} with slashes in it has them replaced by _.
'@
        }
    )

    Notes       = @'
PNG files are 8-bit RGBA at the image's own size; JPEG files drop the alpha channel; WebP files are lossless.

Error IDs, for -ErrorVariable and $Error: ImageFileExists (the file exists, or an earlier image of the call took the name, and -Force was not given), ImageFormatUnsupported (the extension is not .png, .jpg, .jpeg or .webp), ImagePathOutsideDirectory (a -Path leaves its folder; the error names the path), ImagePathValueMissing (the image has no {seed} or {step} for the template), ImageWriteFailed (the file could not be written; the error names it). ImagePathTemplateInvalid (an unknown placeholder, or a {counter} format other than zeros) stops the command before any image is saved.
'@

    Links       = @('about_InvokeAI', 'Invoke-Img2Img', 'Get-ImageMetadata')
}

# Help source for Import-Image (see Invoke-Img2Img.psd1 for the format).
@{
    Synopsis    = 'Loads image files as image objects, ready to resize, inspect or render.'

    Description = @'
Import-Image reads each image file it is given and writes one image object per file: the same InvokeAI.Core.Pipelines.DiffusionImage type that Invoke-Img2Img writes, with the pixels, Width, Height and SourcePath (the file's full path). The render properties (Prompt, Seed, Strength, Steps and the rest) are empty, because nothing rendered these pixels yet. PNG, JPEG, WebP, BMP, GIF and TIFF files can be read; the alpha channel is kept.

Load a file once and use it many times: an image object can be piped into Resize-InitImage, into Invoke-Img2Img as the init image, or into Save-Image, without the file being read again for each use.

Files come from -Path, where wildcards are expanded and relative paths resolve against the current PowerShell location, or from -LiteralPath, which is used exactly as written (for names with [ or ] in them). Files piped from Get-ChildItem bind to -LiteralPath through their PSPath property. Folders matched by a wildcard are passed over.

Errors are per file and non-terminating: a file that does not exist (ImageNotFound) or is not a readable image (ImageUnreadable) writes an error naming it, and the other files are still imported. Add -ErrorAction Stop to stop at the first one.
'@

    Parameters  = @{
        Path        = @'
The image files to load. Wildcards are expanded (a pattern matching nothing writes nothing) and relative paths resolve against the current PowerShell location. Takes strings from the pipeline, and objects with a Path property by property name.
'@
        LiteralPath = @'
The image files to load, used exactly as written: no character is a wildcard, so a file named sketch[1].png is found. Relative paths resolve against the current PowerShell location. Objects from Get-ChildItem and Get-Item bind here by their PSPath (or FullName) property.
'@
    }

    Inputs      = @{
        'System.String' = @'
Paths, wildcards allowed, to -Path. Objects with a PSPath, LP or FullName property, such as the files Get-ChildItem writes, bind to -LiteralPath by property name.
'@
    }

    Outputs     = @{
        'InvokeAI.Core.Pipelines.DiffusionImage' = @'
One image per file that could be read: Pixels, Width, Height and SourcePath. The render properties are null.
'@
    }

    Examples    = @(
        @{
            Title   = 'Load an image and look at its size'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Copy-Item $sketches/house.png .
$sketch = Import-Image ./house.png
"$($sketch.Width)x$($sketch.Height) from $($sketch.SourcePath)"

512x512 from /home/me/house.png
'@
            Remarks = 'The path is resolved against the current PowerShell location; SourcePath records the full path of the file. The first line finds the example sketches that come with the module.'
        }
        @{
            Title   = 'Read a file once, render it many times'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
$sketch = Import-Image $sketches/fireplace.png
0.3, 0.5, 0.7 | ForEach-Object { $sketch | Invoke-Img2Img 'fire' -Strength $_ -Seed 1 } | Save-Image -Directory sweep
'@
            Remarks = 'The image object is the init image of every render: the file is read once, not once per strength.'
        }
        @{
            Title   = 'Import a folder, keeping only images large enough for img2img'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Get-ChildItem $sketches -File | Import-Image | Where-Object { $_.Width -ge 512 -and $_.Height -ge 512 } |
    Invoke-Img2Img 'oil painting, impressionist' -Strength 0.6 | Save-Image -Directory paintings
'@
            Remarks = 'Each file from Get-ChildItem binds to -LiteralPath. A file that is not an image writes an ImageUnreadable error naming it, and the others are still imported.'
        }
        @{
            Title   = 'Load a file whose name has brackets'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Copy-Item $sketches/house.png './sketch[1].png'
Import-Image -LiteralPath './sketch[1].png'

Size            Seed Strength   Steps  Cfg Sampler    Source         Prompt
----            ---- --------   -----  --- -------    ------         ------
512x512                                               sketch[1].png
'@
            Remarks = 'With -Path, [1] would be a wildcard matching "sketch1.png"; -LiteralPath takes the name as it is written. The image has a size and a source but no render parameters: nothing rendered it yet.'
        }
    )

    Notes       = @'
Error IDs, for -ErrorVariable and $Error: ImageNotFound, ImageUnreadable, ImageNotAFile (a folder, or a path of a provider other than the file system), ImagePathInvalid, ImageNotARegularFile (a FIFO, device or socket, refused without being opened), ImageTruncated (a PNG, JPEG or WebP that ends early, as a half-copied file does), ImageTooLarge (more pixels than $InvokeAIMaxImagePixels allows, by default 8192×8192; refused before decoding). The target of each error is the file.
'@

    Links       = @('about_InvokeAI', 'Resize-InitImage', 'Invoke-Img2Img', 'Save-Image')
}

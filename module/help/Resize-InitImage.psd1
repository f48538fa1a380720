# Help source for Resize-InitImage (see Invoke-Img2Img.psd1 for the format).
@{
    Synopsis    = 'Resizes init images for img2img: stretched, fitted (InvokeAI''s --fit) or padded, in multiples of 64.'

    Description = @'
Resize-InitImage prepares images to seed Invoke-Img2Img. Stable Diffusion renders sizes that are multiples of 64 (its latent is an eighth of the image and the UNet halves that three times), and memory grows with the size, so a large photo is better resized before it is rendered. Resize-InitImage takes files or image objects and writes one image object per input.

There are three ways to map an image onto -Width x -Height:
  - Stretch (the default): each side becomes the target side, rounded down to the multiple; the aspect ratio changes when the target's differs. A 1024x768 photo at -Width 512 -Height 512 becomes 512x512.
  - -Fit, InvokeAI's --fit: the image is shrunk to fit inside the target keeping its aspect ratio, then each side is rounded down to the multiple. 1024x768 into 512x512 gives 512x384; 700x500 gives 512x365, rounded to 512x320.
  - -Pad: fitted as with -Fit, then centred on an opaque canvas of exactly the target size (rounded down to the multiple). The image keeps its exact fitted size, so 700x500 becomes 512x365 on a 512x512 canvas. The border repeats the image's edge pixels: img2img then continues the picture's own colours into the border, where a flat colour would survive as a frame. The border is never transparent, because transparency marks areas to repaint. -Pad implies -Fit.

Images are never enlarged unless -AllowUpscale is given. Without it, a 300x200 image fitted into 512x512 keeps its own size, rounded down to 256x192, and with -AllowUpscale it becomes 512x320 (512x341 rounded down). Stretching never lengthens a side either: 500x375 stretched to 512x512 becomes 448x320.

Resampling is Lanczos-3, the filter InvokeAI uses. The alpha channel is kept: transparent areas of the image stay transparent.

The result describes new pixels, so it carries only SourcePath over from its input: the render properties of an image from Invoke-Img2Img (Prompt, Seed and the rest) are dropped. A warning says when a result is under 512 pixels on its short side, where Stable Diffusion 1.x gives poor img2img results; -Verbose shows each size change.

Errors are per input and non-terminating: a missing file (ImageNotFound), an unreadable file (ImageUnreadable) or an image that would end up under -Multiple pixels on a side (ImageTooSmall) writes an error naming it, and the other inputs are still resized. A -Width or -Height smaller than -Multiple is refused before anything is read.
'@

    Parameters  = @{
        InputObject  = @'
An image object to resize: from Import-Image, from Invoke-Img2Img, or from an earlier Resize-InitImage. Takes images from the pipeline one at a time. Only its pixels and SourcePath are used.
'@
        Path         = @'
Image files to resize. Wildcards are expanded (a pattern matching nothing writes nothing) and relative paths resolve against the current PowerShell location. Takes strings from the pipeline, and objects with a Path property by property name.
'@
        LiteralPath  = @'
Image files to resize, used exactly as written: no character is a wildcard, so a file named sketch[1].png is found. Relative paths resolve against the current PowerShell location. Files from Get-ChildItem and Get-Item bind here by their PSPath (or FullName) property.
'@
        Width        = @'
The target width in pixels, from 8 to 8192, rounded down to a multiple of -Multiple. The result is exactly this wide with stretching (unless that would enlarge the image) and with -Pad, and at most this wide with -Fit.
'@
        Height       = @'
The target height in pixels, from 8 to 8192, rounded down to a multiple of -Multiple. The result is exactly this high with stretching (unless that would enlarge the image) and with -Pad, and at most this high with -Fit.
'@
        Fit          = @'
Shrinks the image to fit inside -Width x -Height keeping its aspect ratio, as InvokeAI's --fit does, then rounds each side down to the multiple. Without -Fit or -Pad the image is stretched to the target.
'@
        Pad          = @'
Fits the image inside -Width x -Height as -Fit does (without rounding it), then centres it on an opaque canvas of exactly the target size rounded down to the multiple. The border repeats the image's edge pixels. Implies -Fit.
'@
        Multiple     = @'
What sizes are rounded down to: 64 (the default), the multiple Stable Diffusion's UNet needs and InvokeAI uses, or 8, the latent's own granularity, which some models and pipelines accept. Invoke-Img2Img renders in multiples of 64.
'@
        AllowUpscale = @'
Lets the image grow to reach the target. Without it an image smaller than the target keeps its own size (rounded down to the multiple), since enlarging adds pixels but no detail.
'@
    }

    Inputs      = @{
        'System.String'                        = @'
Paths, wildcards allowed, to -Path. Objects with a PSPath, LP or FullName property, such as the files Get-ChildItem writes, bind to -LiteralPath by property name.
'@
        'InvokeAI.Core.Pipelines.DiffusionImage' = 'Image objects, to -InputObject: from Import-Image, Invoke-Img2Img or Resize-InitImage.'
    }

    Outputs     = @{
        'InvokeAI.Core.Pipelines.DiffusionImage' = @'
One resized image per input: Pixels, Width, Height and SourcePath (the file it came from). The render properties are null. Pipe it to Invoke-Img2Img as the init image, or to Save-Image.
'@
    }

    Examples    = @(
        @{
            Title   = 'Fit a folder of large photos and render them'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Resize-InitImage $sketches/sailboat.png -Width 2048 -Height 1536 -AllowUpscale | Save-Image -Path big/sailboat.jpg
Get-ChildItem big/*.jpg | Resize-InitImage -Width 768 -Height 768 -Fit | Invoke-Img2Img 'oil painting' | Save-Image -Directory out
'@
            Remarks = @'
The first two lines make a large photo to work with: a sketch that comes with the module, enlarged to 2048x1536. Each photo is shrunk to fit inside 768x768 keeping its shape (2048x1536 becomes 768x576) before it is rendered, which keeps the render fast and within memory. A file that cannot be read writes an error naming it and the others go on.
'@
        }
        @{
            Title   = 'Compare stretching, fitting and padding'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
$photo = Resize-InitImage $sketches/sailboat.png -Width 1152 -Height 768 -AllowUpscale
'stretch', 'fit', 'pad' | ForEach-Object {
    $options = @{ Fit = $_ -eq 'fit'; Pad = $_ -eq 'pad' }
    $image = $photo | Resize-InitImage -Width 768 -Height 768 @options
    "{0,-8} {1}x{2}" -f $_, $image.Width, $image.Height
}

stretch  768x768
fit      768x512
pad      768x768
'@
            Remarks = @'
$photo stands for a 3:2 photo (a sketch stretched to 1152x768). Stretching distorts it into a square; fitting keeps its shape, 768x512; padding keeps the 768x512 image whole and centred on a 768x768 canvas whose top and bottom repeat the image's edge pixels.
'@
        }
        @{
            Title   = 'Enlarge a small sketch, in multiples of 8'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
$small = Resize-InitImage $sketches/house.png -Width 280 -Height 200 -Multiple 8
$small | Resize-InitImage -Width 768 -Height 768 -Fit -AllowUpscale -Multiple 8 | Save-Image -Path ./sketch-768.png

WARNING: 'house.png' is 280×200: img2img works poorly below 512 pixels on the short side.
'@
            Remarks = @'
$small stands for a small 280x200 sketch, and the warning is what Resize-InitImage says about any result that small. -AllowUpscale enlarges it to fit 768x768: 768x544, that is 768x548 rounded down to a multiple of 8 (the default multiple, 64, would make it 768x512). Without -AllowUpscale it would stay 280x200, with the same warning.
'@
        }
        @{
            Title   = 'Pad a render to a wider canvas and render it again'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Invoke-Img2Img 'snowy mountains' $sketches/mountain-lake.png -Seed 1 |
    Resize-InitImage -Width 768 -Height 512 -Pad |
    Invoke-Img2Img 'snowy mountains, wide landscape' -Strength 0.8
'@
            Remarks = @'
The 512x512 render is centred on a 768x512 canvas whose sides repeat its edge pixels; the second render paints the sides into the landscape. The resized image keeps only the SourcePath of the first render, not its prompt or seed.
'@
        }
    )

    Notes       = @'
The resize follows InvokeAI's init image handling: Lanczos-3 resampling, sides rounded down (never up) to the multiple, and --fit sizes worked out before rounding. Resizing first and rendering the resized objects lets you look at (or save) exactly what Invoke-Img2Img will start from.

Error IDs, for -ErrorVariable and $Error: ImageNotFound, ImageUnreadable, ImageNotAFile, ImagePathInvalid, ImageNotARegularFile (a FIFO, device or socket, refused without being opened), ImageTruncated (a PNG, JPEG or WebP that ends early, as a half-copied file does), ImageTooLarge (more pixels than $InvokeAIMaxImagePixels allows, by default 8192×8192; refused before decoding), ImageTooSmall (the result would be under -Multiple pixels on a side), TargetSmallerThanMultiple (terminating: -Width or -Height under -Multiple). The target of each per-input error is the file, or the image object when it has no file.
'@

    Links       = @('about_InvokeAI', 'Import-Image', 'Invoke-Img2Img', 'Save-Image')
}

# Help source for New-ImageGrid. build/Build-Help.ps1 merges it with the cmdlet's own metadata (parameter sets,
# types, positions, pipeline input, aliases come from the cmdlet, never from here) into
# en-US/InvokeAI.PowerShell.dll-Help.xml. Blank lines separate paragraphs; lines starting with '-' or
# indentation keep their line break. Every parameter needs a description or the build fails.
@{
    Synopsis    = 'Lays images out as one captioned grid picture: a strength sweep, a seed series or a render''s latent steps.'

    Description = @'
New-ImageGrid collects every image that comes through the pipeline and, when the pipeline ends, writes one image: all of them in rows of equal cells, filled left to right and top to bottom, each with a caption strip underneath. It turns a sweep such as `0.3, 0.5, 0.7, 0.9 | ForEach-Object { Invoke-Img2Img ... -Strength $_ }`, or the steps of Get-LatentSteps, into one picture to look at or save with Save-Image.

Cells are the size of the largest image, unless -CellWidth or -CellHeight say otherwise (given one, the other follows the largest image's aspect ratio). Each image is scaled to fit its cell keeping its aspect ratio and centred on a dark background. Images are enlarged with nearest-neighbour scaling, so a small latent preview from Get-LatentSteps becomes a crisp mosaic of its latent cells instead of a blur, and shrunk with Lanczos filtering.

Captions are drawn with the module's own small pixel font (capital letters, digits and common punctuation; lower case is drawn as capitals), scaled with the cell: one pixel of font per 128 pixels of cell width. Each caption line is "NAME value" for one property of the image; a line that does not fit shows the value alone, cut short with ".." if need be. By default an image with a Step (from Get-LatentSteps) is captioned with its step, any other with its Strength and Seed; -Caption chooses the properties, and -Caption @() leaves the captions out.

The grid image keeps the parameters all its images share: a grid of one render's steps keeps its prompt and seed, so Save-Image names it by the seed; parameters that differ (the strengths of a sweep) are left empty. With no input, nothing is written.
'@

    Parameters  = @{
        InputObject = @'
The images to lay out, usually piped from Invoke-Img2Img, Get-LatentSteps or Import-Image. They are collected until the pipeline ends, in the order they arrive.
'@
        Columns     = @'
Cells per row, from 1 to 1000. By default the grid is as square as it can be: the square root of the number of images, rounded up (2 columns for 4 images, 3 for 9). More columns than images are reduced to the number of images.
'@
        CellWidth   = @{
            Description  = @'
The width of each cell in pixels, from 8 to 8192. Without -CellHeight, the height follows the largest image's aspect ratio. Images are scaled to fit the cell, keeping their aspect ratio.
'@
            DefaultValue = 'The width of the largest image'
        }
        CellHeight  = @{
            Description  = @'
The height of each cell in pixels (without the caption strip), from 8 to 8192. Without -CellWidth, the width follows the largest image's aspect ratio.
'@
            DefaultValue = 'The height of the largest image'
        }
        Caption     = @{
            Description  = @'
The image properties to caption each cell with, one line each, in the order given: Step, Sigma, Timestep, Strength, Seed, Steps, StepsTaken, CfgScale, Sampler, Prompt, SourcePath (its file name), Model (its folder name), Width, Height and the others of the image object. Names tab-complete and are case-insensitive; a property an image has no value for is left out of its caption. An empty list, -Caption @(), draws no captions. An unknown name stops the command with an UnknownCaptionProperty error.
'@
            DefaultValue = 'Step for intermediate steps, else Strength and Seed'
        }
        Spacing     = @'
Pixels between cells and around the edge of the grid, from 0 to 256; default 4. With -Spacing 0 and -Caption @() the images tile exactly: four 64x64 images in 2 columns make a 128x128 grid.
'@
    }

    Inputs      = @{
        'InvokeAI.Core.Pipelines.DiffusionImage' = @'
You can pipe image objects from Invoke-Img2Img, Get-LatentSteps, Import-Image or New-ImageGrid itself (to stack grids).
'@
    }

    Outputs     = @{
        'InvokeAI.Core.Pipelines.DiffusionImage' = @'
One image, the grid, with the parameters all its images share. Pipe it to Save-Image.
'@
    }

    Examples    = @(
        @{
            Title   = 'A strength sweep as one picture'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
0.3, 0.5, 0.7, 0.9 | ForEach-Object {
    Invoke-Img2Img 'fire' $sketches/fireplace.png -Strength $_ -Seed 1592514025
} | New-ImageGrid | Save-Image -Path ./strength-sweep.png
'@
            Remarks = 'Four renders in a 2x2 grid, each captioned with its strength and seed. The grid keeps the seed the four share, and leaves Strength empty because it differs. The first line finds the example sketches that come with the module.'
        }
        @{
            Title   = 'A render''s latent steps as a strip'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Get-LatentSteps 'fire' $sketches/fireplace.png -Strength 0.7 -Steps 10 -Seed 1592514025 |
    New-ImageGrid -Columns 9 | Save-Image -Path ./steps.png
'@
            Remarks = 'Step 0, steps 1 to 7 and the output in one row. The 64x64 step previews are enlarged to the output''s 512x512 cell with nearest-neighbour scaling; each is captioned with its step.'
        }
        @{
            Title   = 'Small cells with chosen captions'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Get-ChildItem $sketches/*.png | Invoke-Img2Img 'fire' -Strength 0.5 |
    New-ImageGrid -Columns 3 -CellWidth 256 -Caption SourcePath, Seed | Save-Image -Path ./thumbnails.png
'@
            Remarks = 'Thumbnails 256 pixels wide, three to a row, each captioned with the name of its sketch and its seed (a value too long for the cell is cut short with "..").'
        }
        @{
            Title   = 'Tile images exactly, without captions or spacing'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
$tiles = 1..4 | ForEach-Object { Invoke-Img2Img 'blue' $sketches/sailboat.png -Strength 0.5 -Seed $_ }
$tiles | New-ImageGrid -Columns 2 -Caption @() -Spacing 0 | Save-Image -Path ./tiles.png
'@
            Remarks = 'Four 512x512 renders make one 1024x1024 image, with no border or caption strip.'
        }
    )

    Notes       = @'
Error IDs: UnknownCaptionProperty (a -Caption name that is not an image property; stops the command before it collects anything), ImageGridTooLarge (the grid would be larger than one image can be).
'@

    Links       = @('about_InvokeAI', 'Get-LatentSteps', 'Invoke-Img2Img', 'Save-Image')
}

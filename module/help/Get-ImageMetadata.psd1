# Help source for Get-ImageMetadata (see Invoke-Img2Img.psd1 for the format).
@{
    Synopsis    = 'Reads the render parameters that image files record: this module''s, InvokeAI''s, A1111''s or ComfyUI''s.'

    Description = @'
Get-ImageMetadata reads the parameters a render was made with from the file it was saved to, and writes one InvokeAI.Core.Metadata.ImageMetadata object per file, whichever tool wrote it. Pass it to Invoke-Img2Img -Metadata to render again with those parameters.

A file may carry several records; the most complete one is used, in this order:
- InvokeAI.PowerShell: the module's own record, which Save-Image writes into every rendered image (a PNG text chunk named invokeai-powershell; the EXIF UserComment of a JPEG or WebP). It holds everything: the ones below plus Karras, Eta, NoiseSource, Compatibility, VaeSample, Tiled (when the render tiled its VAE, or was told not to), OriginalSize and CropTopLeft (SDXL renders that gave them), StepsTaken, ModelPath, Provider, InitImagePath, InitImageHash, MaskHash, Inpainted, Step and ModuleVersion, and for an inpainting its mask: MaskSource (Transparency for the init image's transparent pixels, Mask for a -Mask image), MaskPath (the -Mask file, when it was one), InvertMask and MaskBlur. Records written by versions before the mask settings were kept have those four empty.
- InvokeAI 1.x and 2.x: its Dream command line and sd-metadata JSON, read together as one record. The Dream line is the command that made the image, so where the two disagree it wins, and a warning names both values (lstein's v1.15 wrote sampler "ddim" into sd-metadata for renders its Dream line shows were k_lms); sd-metadata adds what only it says: AppVersion, the model, the init image's hash. The Dream line is read as InvokeAI's own parser reads it: a quoted prompt, or an unquoted one up to the first switch (InvokeAI 2.2), switches spaced or compact (-s 50, -s50, --steps=50), variations as -V seed:weight,seed:weight or the first web UI's -V seed,weight;seed,weight, --fit, --karras_max (which settles Karras), -M as the mask file. sd-metadata's strength is its strength_steps; a grid's "images" list gives the settings its images share. A web UI line that embeds its init image as a data: URI gives InitImageEmbedded $true and no InitImagePath; the image's data is kept in no property (SourceText says how many characters were left out). InvokeAI writes the negative prompt in [square brackets] inside the prompt; it is split off into NegativePrompt. sd-metadata's app_version says which InvokeAI wrote the image: for InvokeAI 2.0 to 2.2.5 (app_version v1.15, v2.02, v2.1.2, v2.2.0, 2.2.4, 2.2.5), Compatibility is InvokeAI2, so -Metadata re-renders by that version's rules (see Invoke-Img2Img -Compatibility), and for v1.15 (2.0, which after 2.0.0 never used Karras spacing) Karras is $false. A Dream line alone carries no version and leaves Compatibility $null.
  InvokeAI's Dream chunk also held lines that are not renders: a !fix command (postprocessing of an existing image), a !mask command (a preview of a text mask) and the "<too lazy to implement>" placeholder of its step images. Each reads as a record with Kind Postprocessing, Mask, Placeholder (or Command for another ! command), a Description saying what it is, and no settings; Invoke-Img2Img -Metadata refuses it with the terminating error MetadataNotARender.
- InvokeAI 3 and later: its invokeai_metadata JSON (positive_prompt, negative_prompt, seed, steps, cfg_scale, scheduler, strength, width, height, rand_device, model, init_image, app_version), with Format InvokeAI. Its scheduler names are mapped to this module's (lms_k is k_lms with Karras, pndm is plms, euler_a is k_euler_a); rand_device gives NoiseSource. These versions render through diffusers, as the module's own rules do, so Compatibility stays $null. What the render used that this module does not apply (clip skip, LoRAs, ControlNets, IP- and T2I-Adapters, the high-resolution fix, the SDXL refiner, CFG rescale) is listed in NotApplied, and a -Metadata render warns of it once.
- A1111: AUTOMATIC1111's parameters text (a PNG text chunk, or the EXIF UserComment of a JPEG or WebP). A1111 draws its noise on the GPU unless its "RNG" setting says CPU, so NoiseSource is Cuda unless the text says CPU.
- ComfyUI: the prompt graph ComfyUI embeds in its PNGs. The parameters come from the graph's first KSampler (or KSamplerAdvanced, by node id) and the nodes it links to: the CLIPTextEncode text of its positive and negative inputs, the checkpoint its model comes from, the size of an EmptyLatentImage. Its denoise is the Strength. ComfyUI's noise is always drawn on the CPU.

Every object has the same properties: Format (which of the four it came from), Kind (Render, or what else an InvokeAI line was), AppVersion (the InvokeAI version that wrote it), Path, Prompt, NegativePrompt, PromptSyntax, Seed, Steps, CfgScale, Strength, Sampler, Width, Height, Variations, ModelName, Karras, Eta, NoiseSource, Compatibility and the properties only the module's own record has. A value the file does not record is $null. Samplers are given by this module's names: A1111's "Euler a" is k_euler_a, "DPM++ 2M Karras" is k_dpmpp_2m with Karras $true, ComfyUI's euler_ancestral is k_euler_a and its "karras" scheduler sets Karras. A sampler this module does not have keeps the other tool's name. PromptSyntax is the prompt language the record's prompts are written in: A1111 for A1111's parameters, ComfyUI for ComfyUI's graph, InvokeAI for Dream and sd-metadata (whose negative prompt is the prompt's [bracketed] words), and for the module's own record the syntax the render used; -Metadata and Get-PromptToken read the prompts in it. SourceText holds the text the object was read from, for what the properties leave out.

Files come from -Path, where wildcards are expanded and relative paths resolve against the current PowerShell location, or from -LiteralPath, used exactly as written. Files piped from Get-ChildItem bind to -LiteralPath through their PSPath. Only the file's metadata is read, not its pixels, so a large folder is quick.

Warnings (a Dream line and sd-metadata that disagree) are written for their file, and kept in the object's Warnings. Errors are per file and non-terminating. A file that records no parameters in any of these forms (an image that was never rendered, or one whose metadata was stripped) writes an ImageMetadataNotFound error naming it, rather than an empty object (and a module record of a later format version than this module reads, an ImageMetadataVersionUnsupported error rather than half of it): in a pipeline over a folder the strays are reported and the rest go on, -ErrorAction SilentlyContinue passes over them quietly, and -ErrorAction Stop stops at the first. A file that does not exist is ImageNotFound; a file that is not an image is ImageUnreadable.
'@

    Parameters  = @{
        Path        = @'
The image files to read. Wildcards are expanded (a pattern matching nothing writes nothing) and relative paths resolve against the current PowerShell location. Takes strings from the pipeline, and objects with a Path property by property name.
'@
        LiteralPath = @'
The image files to read, used exactly as written: no character is a wildcard, so a file named render[1].png is found. Relative paths resolve against the current PowerShell location. Objects from Get-ChildItem and Get-Item bind here by their PSPath (or FullName) property.
'@
    }

    Inputs      = @{
        'System.String' = @'
Paths, wildcards allowed, to -Path. Objects with a PSPath, LP or FullName property, such as the files Get-ChildItem writes, bind to -LiteralPath by property name.
'@
    }

    Outputs     = @{
        'InvokeAI.Core.Metadata.ImageMetadata' = @'
One object per file that records render parameters: Format, Kind, AppVersion, Path, Prompt, NegativePrompt, PromptSyntax, Seed, Steps, CfgScale, Strength, Sampler, Width, Height, Variations, ModelName, Karras, Eta, NoiseSource, Compatibility, VaeSample, Tiled, OriginalSize, CropTopLeft, StepsTaken, ModelPath, Provider, InitImagePath, InitImageHash, MaskHash, Inpainted, MaskSource, MaskPath, InvertMask, MaskBlur, Step, ModuleVersion, InitImageEmbedded, NotApplied, Warnings, Description and SourceText. Values the file does not record are $null; the four mask settings are recorded for inpaintings only. VaeSample, Tiled, OriginalSize and CropTopLeft (the last two for SDXL renders that gave them) come from the module's own record.
'@
    }

    Examples    = @(
        @{
            Title   = 'See what a saved render was made with'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Invoke-Img2Img 'fire' $sketches/fireplace.png -Seed 1592514025 | Save-Image -Directory renders
Get-ImageMetadata ./renders/000001.1592514025.png

Format              File                 Seed Strength Steps  Cfg Sampler           Prompt
------              ----                 ---- -------- -----  --- -------           ------
InvokeAI.PowerShell 000001.159251… 1592514025     0.75    50  7.5 k_lms             fire
'@
            Remarks = 'Save-Image wrote the module''s own record into the file; Format says which record was read. Pipe to Format-List * for every property. The first line finds the example sketches that come with the module.'
        }
        @{
            Title   = 'Render a file again, with the same or changed parameters'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Invoke-Img2Img 'fire' $sketches/fireplace.png -Seed 1592514025 | Save-Image -Directory renders
$recorded = Get-ImageMetadata ./renders/000001.1592514025.png
Invoke-Img2Img -Metadata $recorded -InitImage $sketches/fireplace.png | Save-Image -Directory again
Invoke-Img2Img -Metadata $recorded -InitImage $sketches/fireplace.png -Strength 0.5

Size            Seed Strength   Steps  Cfg Sampler    Source         Prompt
----            ---- --------   -----  --- -------    ------         ------
512x512   1592514025      0.5   25/50  7.5 k_lms      fireplace.png  fire
'@
            Remarks = 'With the same init image and model the first render has exactly the saved pixels. Parameters given on the command line win over the recorded ones: the second render changes only the strength.'
        }
        @{
            Title   = 'Read the parameters of a folder of images from several tools'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Invoke-Img2Img 'fire' $sketches/fireplace.png -Sampler k_dpmpp_2m -Karras -Steps 20 | Save-Image -Directory downloads
Copy-Item $sketches/house.png downloads
Get-ChildItem ./downloads -File | Get-ImageMetadata -ErrorAction SilentlyContinue |
    Select-Object Format, Seed, Sampler, Karras, Steps, CfgScale, ModelName, Prompt

Format    : InvokeAI.PowerShell
Seed      : 2826940893
Sampler   : k_dpmpp_2m
Karras    : True
Steps     : 20
CfgScale  : 7.5
ModelName : demo
Prompt    : fire
'@
            Remarks = @'
Each file binds to -LiteralPath. The folder holds a render of this module and a sketch that records nothing; images from InvokeAI, A1111 and ComfyUI are read the same way, their sampler names turned into this module's (A1111's DPM++ 2M Karras is k_dpmpp_2m with Karras), so a setting can be tried here. The sketch would write an ImageMetadataNotFound error; -ErrorAction SilentlyContinue passes over it.
'@
        }
        @{
            Title   = 'Find the renders made with a given seed'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
1592514025, 7 | ForEach-Object { Invoke-Img2Img 'fire' $sketches/fireplace.png -Seed $_ -Steps 10 } | Save-Image -Directory renders
Get-ChildItem ./renders/*.png | Get-ImageMetadata | Where-Object Seed -eq 1592514025 | Select-Object -ExpandProperty Path

/home/me/renders/000001.1592514025.png
'@
            Remarks = 'The Path property names the file each object was read from.'
        }
    )

    Notes       = @'
Error IDs, for -ErrorVariable and $Error: ImageMetadataNotFound (the file records no parameters Get-ImageMetadata reads), ImageMetadataVersionUnsupported (a module record of a later format version, refused rather than half-read), ImageNotFound, ImageUnreadable, ImageNotAFile (a folder, or a path of a provider other than the file system), ImagePathInvalid, ImageNotARegularFile (a FIFO, device or socket, refused without being opened), ImageTruncated (the file ends early). The target of each error is the file.

A record that cannot be parsed (damaged JSON) is passed over for the next one the file has.
'@

    Links       = @('about_InvokeAI', 'Invoke-Img2Img', 'Save-Image')
}

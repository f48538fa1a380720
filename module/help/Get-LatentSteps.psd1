# Help source for Get-LatentSteps. build/Build-Help.ps1 merges it with the cmdlet's own metadata (parameter sets,
# types, positions, pipeline input, aliases come from the cmdlet, never from here) into
# en-US/InvokeAI.PowerShell.dll-Help.xml. Blank lines separate paragraphs; lines starting with '-' or
# indentation keep their line break. Every parameter needs a description or the build fails.
@{
    Synopsis    = 'Renders img2img as Invoke-Img2Img does and writes a picture of every step: the noised init image, the latent after each denoising step, and the output.'

    Description = @'
Get-LatentSteps shows what the InvokeAI img2img guide calls "latent space at each step". It takes exactly the parameters of Invoke-Img2Img and runs the same render, but instead of only the finished image it writes, for each init image:

- Step 0: "the initial image that SD sees", the init image's latent mixed with as much noise as -Strength asks for;
- Steps 1 to N: the latent after each denoising step (N = floor(Steps x Strength), the steps actually taken);
- the output: the finished image, the same pixels Invoke-Img2Img renders with the same parameters (its Step is $null).

So `Get-LatentSteps 'fire' fire.png -Strength 0.7 -Steps 10` writes step 0, steps 1 to 7 and the output: nine images, as the guide's table for strength 0.7. At strength 0.4 step 0 is much less noisy and there are only 4 steps after it.

Every image carries the render's parameters (Prompt, Seed, Strength, Steps, StepsTaken, CfgScale, Sampler, Model and the rest) and, for the steps, Step, Sigma and Timestep: the noise level and the model timestep step N ran at (the level of step N-1's latent). Step 0 carries the level of the noised init latent, which is where step 1 starts. The console shows them as one table, the step first. The images are written when the render has finished, because only then is everything known that they carry (a seed chosen at random, the schedule length -DenoiseSteps chose).

-Preview chooses the pictures of the steps:
- Approx (the default): each 8x8 pixel cell of the latent mapped to one colour by a linear map; cheap, and it shows the noise the sampler is working on. The pictures are 1/8 of the render's size (64x64 for 512x512), one pixel per latent cell: small and honest. New-ImageGrid enlarges them without blurring, so they stay a mosaic of the latent. The map is the one InvokeAI uses for SD 1.x and 2.x latents when it fits the model's VAE; for a VAE it does not fit, such as the demo model's, a map fitted to that VAE is used, found once per model by encoding 27 small colour patches.
- Vae: each step's prediction of the finished image, decoded by the model's VAE at the render's size; what the model expects the picture to become at that step. Step 0 has no prediction yet, so it shows the noised init latent decoded. One VAE run per step.

Init images and settings come in as for Invoke-Img2Img: -InitImage takes paths with wildcards (a path naming an existing file exactly is that file alone), -LiteralPath names exactly as written, files piped from Get-ChildItem bind to -LiteralPath through their PSPath, and a piped object's Prompt, Seed and Strength bind by property name (an Import-Csv row, or a rendered image piped in to see its steps with its own prompt and seed); parameters on the command line and -Metadata win. A piped object with an empty Prompt is a PromptMissing error for that object alone; objects without a Prompt property and no -Prompt stop the command with PromptMissing: give -Prompt to render every object. A lone positional argument is the prompt, not an init image: in `Import-Csv prompts.csv | Get-LatentSteps house.png`, "house.png" is the prompt of every row and rows without an InitImage column have no init image, so name a common init image with -InitImage. Over several init images a parent progress bar counts the renders and each render's steps show as its child.

Pipe the images into New-ImageGrid to see them as one strip, and into Save-Image to keep it. Errors are those of Invoke-Img2Img, per init image and non-terminating.
'@

    Parameters  = @{
        Metadata       = @'
The parameters an image file records, from Get-ImageMetadata, for every render parameter not given on the command line (an inpainting's mask settings and -Mask file too), as for Invoke-Img2Img: shows the steps of a saved render again. -Prompt is then optional. Objects from Get-ImageMetadata piped in are refused, one ImageMetadataNotAnInitImage error each: give them to -Metadata. As with Invoke-Img2Img, a warning names what keeps the finished image from being the recorded one (another init image, mask or model).
'@
        Variation      = @'
InvokeAI's -v: make a variation of the render, from 0 to 1. The seed's noise is slerped this far toward the noise of a new, randomly chosen variation seed, so 0.1 gives a close cousin of the seed's image and 1 an unrelated one. Every init image gets its own randomly chosen variation seed (for several variations of one image, use Invoke-Img2Img -Variation with -Iterations). Each output records its variations as seed:weight pairs in its Variations property, so any variant can be rendered again with -WithVariations.
'@
        WithVariations = @'
InvokeAI's -V: variations already applied to the seed's noise, as 'seed:weight,seed:weight' (for example '1234:0.1,5678:0.2'), applied in order. Together with the same -Seed this renders exactly the variant that recorded them. Binds by property name from an image's Variations, so a rendered variant piped back in shows its steps again, provided -InitImage names its init image again (with the same -Seed, prompt and other settings); without -InitImage the piped variant itself becomes the init image, and the variations are applied on top of it. A malformed list stops the command before it renders (InvalidParameterCombination); one piped in fails that render (RenderParameterInvalid).
'@
        Prompt         = @'
What to draw on top of the init image, as for Invoke-Img2Img (read in -PromptSyntax; a long prompt is encoded in chunks of 75 word pieces); required unless -Metadata or the piped object supplies one. Binds by property name: a piped object's Prompt is used for it when the command line gives none; an empty or blank one counts as none. The demo model reacts only to colour words ("fire", "blue ocean").
'@
        InitImage      = @'
The images to start from, as for Invoke-Img2Img: paths (wildcards expanded, relative to the current location), FileInfo objects given as arguments, or image objects; by value from the pipeline, or by the property names InitImage, FullName and Path. Files piped from Get-ChildItem bind to -LiteralPath instead. Each init image gives its own sequence of steps and output.
'@
        LiteralPath    = @'
Init image files used exactly as written, as for Invoke-Img2Img: no character is a wildcard, so sketch[1].png is that file. Files piped from Get-ChildItem and Get-Item bind here through their PSPath (objects with an LP property too), so each file of a listing shows its steps exactly once.
'@
        NegativePrompt = @'
What to steer away from, as for Invoke-Img2Img. No effect when -CfgScale is 1 or less.
'@
        PromptSyntax   = @'
The prompt language -Prompt and -NegativePrompt are written in, as for Invoke-Img2Img: InvokeAI (the default), A1111 or ComfyUI. Binds by property name, and a -Metadata record brings its own (A1111's parameters are A1111); the command line wins. A prompt its syntax cannot read is the error PromptSyntaxInvalid, naming the column: terminating for a prompt from the command line or -Metadata, non-terminating for a piped object's own.
'@
        Strength       = @{
            Description  = @'
How much the init image is changed, from 0.0 to 1.0; default 0.75 (SDXL-Turbo and SD-Turbo: 0.5, LCM: 0.8). It decides how many steps there are to see: floor(Steps x Strength), and how noisy step 0 is. At strength 0 there is only step 0 (the init image's latent, without noise) and the output. Binds by property name: a piped object's Strength is used for it when the command line gives none.
'@
            DefaultValue = '0.75'
        }
        Steps          = @'
The length of the denoising schedule, from 1 to 1000; default 50 (SDXL-Turbo, SD-Turbo and LCM models: 4). Only the last floor(Steps x Strength) steps run, and only those are written.
'@
        DenoiseSteps   = @'
The number of steps to actually run instead of -Steps: the schedule length is chosen so that exactly this many run at -Strength, as for Invoke-Img2Img.
'@
        CfgScale       = @'
The classifier-free guidance scale, from 0 to 100; default 7.5 (SDXL-Turbo and SD-Turbo: 0, LCM: 8.5), as for Invoke-Img2Img.
'@
        Seed           = @{
            Description  = @'
The seed of the noise mixed into the init image, from 0 to 4294967295, as for Invoke-Img2Img. The same seed gives the same steps and the same output; without -Seed one is chosen and recorded on every image. Binds by property name: a piped object's Seed is used for it when the command line gives none.
'@
            DefaultValue = 'A new random seed for each init image'
        }
        Sampler        = @'
The sampler, by InvokeAI's name (k_lms, the default, except k_euler_a for Turbo and lcm for LCM models, ddim, plms, k_euler, k_euler_a, k_heun, k_dpm_2, k_dpm_2_a, k_dpmpp_2m, lcm) or an alias, as for Invoke-Img2Img.
'@
        Karras         = @'
Karras spacing of the noise levels, for the k_ samplers, as for Invoke-Img2Img. The Sigma of each step shows the spacing.
'@
        Eta            = @'
DDIM's eta, from 0 to 1, as for Invoke-Img2Img; ddim only.
'@
        NoiseSource    = @'
Which generator turns -Seed into noise, Cpu (PyTorch's CPU generator, the default) or Cuda (AUTOMATIC1111's emulation of CUDA noise), as for Invoke-Img2Img.
'@
        Compatibility  = @'
Module (the default) or InvokeAI2, as for Invoke-Img2Img: with a k_ sampler, InvokeAI 2.1 to 2.2.5's img2img noise (the seed's second draw) and its Karras spacing below 30 steps; with any sampler, prompts cut at 77 tokens, the steps taken truncated as Python truncates int(strength × steps), CompVis's noise levels and timesteps (see Invoke-Img2Img -Compatibility) and the pixels truncated to 8 bits. The Sigma of each step shows the spacing.
'@
        Width          = @'
The render width in pixels, from 64 to 8192; by default the init image's. Rounded down to a multiple of 64, as for Invoke-Img2Img. Approx previews are 1/8 of it.
'@
        Height         = @'
The render height in pixels, from 64 to 8192; by default the init image's. Rounded down to a multiple of 64, as for Invoke-Img2Img.
'@
        Fit            = @'
InvokeAI's --fit: shrink the init image to fit inside -Width x -Height keeping its aspect ratio, as for Invoke-Img2Img.
'@
        Mask           = @'
An inpainting mask, white = redraw, black = keep, instead of the init image's transparency, as for Invoke-Img2Img. The steps show the whole latent; with an ordinary model the kept region of each step is the init image at that step's noise level, so only the masked region develops.
'@
        InvertMask     = @'
Redraw what the mask (or the init image's transparency) keeps and keep what it redraws, as for Invoke-Img2Img.
'@
        VaeSample      = @'
Start from a sample of the VAE's posterior instead of its mean: mean + sigma x eps, with eps the seed's first draw (the img2img noise then comes one draw later), as diffusers' img2img pipelines and its LCM img2img pipeline do. Variation seeds only change the img2img noise, not eps. Without it the init latent is the posterior's mean, the same for every seed, from either exporter's encoder: optimum's latent_parameters, or diffusers' convert-script encoder, which samples inside its graph with an unseeded random node and is run as a copy whose draw is an input, so its renders repeat exactly. An encoder that returns one latent without any draw has nothing to sample; -VaeSample is then refused (RenderParameterInvalid).
'@
        Tiled          = @'
Run the VAE over overlapping tiles instead of the whole image at once: the init image is encoded and the result decoded in tiles of 512 x 512 pixels (64 x 64 latents) that overlap by at least 128 pixels, each on its own, and the tiles are blended with weights that ramp linearly across every overlap, so no seam shows. The VAE's memory then follows the tile's size instead of the image's (its decoder's attention alone needs 16 GB for a 2048 x 2048 image at once). Without -Tiled images of more than 1024 x 1024 pixels are tiled and smaller ones are not; -Tiled:$false never tiles. Tiled pixels differ slightly from whole-image ones (each tile's normalisation sees only that tile), so a render records Tiled when it tiled or when -Tiled:$false was given.
'@
        OriginalSize   = @'
SDXL only: the size the conditioning says the picture originally had, as width x height (1024x1024, or '1024,1024'); default the render's size, as diffusers. SDXL learnt that small originals are blurry upscales, so a small value asks for that look and a large one for detail. Other families ignore it, with a warning. Recorded on the image when given.
'@
        CropTopLeft    = @'
SDXL only: where the conditioning says the picture was cropped from, as 'top,left' in pixels; default '0,0' (not cropped), as diffusers. Values away from 0,0 ask for a subject cut off at the top or left edge, as SDXL saw in cropped training images. Other families ignore it, with a warning. Recorded on the image when given.
'@
        LowMemory      = @'
Give ONNX Runtime's CPU working memory back to the system after each render, so a session left open between renders holds little more than the model's weights (bench-sd-lp: 0.64 GB instead of 2.9 GB after a 512x512 render); the next render grows it again, at almost no cost on the CPU. On a GPU it also runs classifier-free guidance's two halves (the negative prompt's and the prompt's) as two UNet calls instead of one batch of two, so the UNet's attention, most of a render's peak memory, is held for one image at a time; the CPU always renders that way, because there it is as fast. The pixels are the same (to within float rounding). It is not recorded: it changes how a render runs, not what it renders.
'@
        MaskBlur       = @'
How many pixels, from 0 to 64, the redrawn region of the output fades over into the kept original, inside the hole only; default 4, as for Invoke-Img2Img. The step pictures are not blended.
'@
        Preview        = @'
How each step is pictured. Approx (the default): the step's latent through a linear latent-to-colour map, one pixel per latent cell, so 1/8 of the render's size; fast, and shows the noise as it fades. Vae: the step's prediction of the clean image decoded by the model's VAE, at the render's size (step 0, which has no prediction, shows the noised init latent decoded); one VAE run per step.
'@
        Session        = @'
A session from Open-DiffusionSession or Get-DiffusionSession to render with, instead of naming a model folder, as for Invoke-Img2Img.
'@
        Model          = @{
            Description  = @'
A Stable Diffusion model folder in the diffusers ONNX layout, as for Invoke-Img2Img. Without it, the folder in $env:INVOKEAI_MODEL, else the built-in demo model. Both resolve against the current PowerShell location (relative paths, ~ and PowerShell drives work). The model is loaded once and shared with every other cmdlet of the module.
'@
            DefaultValue = '$env:INVOKEAI_MODEL, else the built-in demo model'
        }
    }

    Inputs      = @{
        'InvokeAI.PowerShell.Commands.InitImageSource' = @'
You can pipe paths and image objects to -InitImage, as to Invoke-Img2Img. Files from Get-ChildItem or Get-Item bind to -LiteralPath through their PSPath property (as do objects with an LP property), so names with [ or ] in them work. Rows of Import-Csv and other objects bind by property name: InitImage, FullName or Path to -InitImage, Prompt, Seed and Strength to the parameters of those names, Model to -Model and Variations to -WithVariations.
'@
    }

    Outputs     = @{
        'InvokeAI.Core.Pipelines.DiffusionImage' = @'
For each init image: step 0, one image per step taken, then the output. The steps have Step, Sigma and Timestep set; the output has Step $null and is the image Invoke-Img2Img would render. All carry the render's parameters.
'@
    }

    Examples    = @(
        @{
            Title   = 'The img2img guide''s table: 10 steps at strength 0.7'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Get-LatentSteps 'fire' $sketches/fireplace.png -Strength 0.7 -Steps 10 -Seed 1592514025

  Step    Sigma Timestep Size            Seed Strength   Steps Sampler    Prompt
  ----    ----- -------- ----            ---- --------   ----- -------    ------
     0   2.9183      666 64x64     1592514025      0.7    7/10 k_lms      fire
     1   2.9183      666 64x64     1592514025      0.7    7/10 k_lms      fire
     2   1.9502      555 64x64     1592514025      0.7    7/10 k_lms      fire
     3   1.3449      444 64x64     1592514025      0.7    7/10 k_lms      fire
     4   0.9324      333 64x64     1592514025      0.7    7/10 k_lms      fire
     5   0.6250      222 64x64     1592514025      0.7    7/10 k_lms      fire
     6   0.3687      111 64x64     1592514025      0.7    7/10 k_lms      fire
     7   0.0292        0 64x64     1592514025      0.7    7/10 k_lms      fire
output                   512x512   1592514025      0.7    7/10 k_lms      fire
'@
            Remarks = 'Of a 10-step schedule, strength 0.7 runs the last 7 steps: step 0 is the sketch noised to sigma 2.92, and each step lowers the noise until step 7 ran at the last level. The previews are 64x64, one pixel per latent cell of the 512x512 render; the output is the finished image. The first line finds the example sketches that come with the module.'
        }
        @{
            Title   = 'One picture of the steps, saved'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Get-LatentSteps 'fire' $sketches/fireplace.png -Strength 0.7 -Steps 10 -Seed 1592514025 |
    New-ImageGrid -Columns 9 |
    Save-Image -Path ./fire-steps.png
'@
            Remarks = 'New-ImageGrid lays the nine images out in one row, each captioned with its step (the output with its strength and seed), enlarging the 64x64 previews to the output''s size without blurring them.'
        }
        @{
            Title   = 'Compare how two strengths develop'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
0.7, 0.4 | ForEach-Object {
    Get-LatentSteps 'fire' $sketches/fireplace.png -Strength $_ -Steps 10 -Seed 1592514025 | New-ImageGrid -Columns 9
} | New-ImageGrid -Columns 1 -Caption Strength | Save-Image -Path ./strengths.png
'@
            Remarks = 'Each strength gives a strip of its steps; the strips are stacked into one picture. At 0.4 step 0 is much closer to the drawing and only 4 steps follow.'
        }
        @{
            Title   = 'What the model expects at each step, decoded by the VAE'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Get-LatentSteps 'fire' $sketches/fireplace.png -Strength 0.7 -Steps 10 -Seed 1592514025 -Preview Vae |
    New-ImageGrid -Columns 3 -Caption Step, Sigma | Save-Image -Path ./predictions.png
'@
            Remarks = '-Preview Vae decodes each step''s prediction of the clean image at the render''s size, so the grid shows the picture settling step by step, captioned with the step and its noise level. It costs one VAE run per step.'
        }
        @{
            Title   = 'The steps of a batch described in a CSV file'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Set-Content strengths.csv @"
Prompt,InitImage,Strength,Seed
fire,$sketches/fireplace.png,0.7,1592514025
fire,$sketches/fireplace.png,0.4,1592514025
"@
Import-Csv strengths.csv | Get-LatentSteps -Steps 10 | New-ImageGrid -Columns 9 | Save-Image -Path ./strengths.png
'@
            Remarks = 'Each row binds by property name (InitImage, Prompt, Strength, Seed) and gives its own sequence of steps: nine images at 0.7, six at 0.4, laid out as two rows of the grid. -Steps on the command line applies to every row; a parameter given there wins over a column of the same name.'
        }
        @{
            Title   = 'Each step in a file of its own'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Get-LatentSteps 'fire' $sketches/fireplace.png -Strength 0.4 -Steps 10 -Seed 1592514025 |
    Where-Object Step -ne $null |
    Save-Image -Directory ./intermediates -Path 'step-{step}.png'
'@
            Remarks = 'Writes step-0.png to step-4.png, as InvokeAI''s intermediates folder held them. The output has no Step, so it is filtered out here; Save-Image''s {step} placeholder would report it as an ImagePathValueMissing error.'
        }
    )

    Notes       = @'
The steps are the same steps Invoke-Img2Img runs: the same seed and parameters give an output with identical pixels. A step's Sigma is the noise level it started from, so step 1 shows the same Sigma as step 0, and step N the level before the last (the schedule's final level is 0).

Error IDs are those of Invoke-Img2Img: InitImageNotFound, InitImageUnreadable, InitImageNotAFile, InitImagePathInvalid, InitImageNotARegularFile, InitImageTruncated, InitImageTooLarge (see Import-Image), InitImageSizeInvalid, ModelFolderInvalid, ExecutionProviderUnavailable, ModelRunFailed, SessionClosed, RenderParameterInvalid, ImageMetadataNotAnInitImage, MaskNotFound, MaskUnreadable, MaskPathInvalid, MaskNotARegularFile, MaskTruncated, MaskTooLarge, InvalidParameterCombination for parameters that do not go together, and PromptMissing when neither -Prompt, -Metadata nor the piped object gives a prompt.
'@

    Links       = @('about_InvokeAI', 'Invoke-Img2Img', 'New-ImageGrid', 'Save-Image')
}

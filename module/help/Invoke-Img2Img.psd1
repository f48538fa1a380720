# Help source for Invoke-Img2Img. build/Build-Help.ps1 merges it with the cmdlet's own metadata (parameter
# sets, types, positions, pipeline input, aliases come from the cmdlet, never from here) into
# en-US/InvokeAI.PowerShell.dll-Help.xml. Blank lines separate paragraphs; lines starting with '-' or
# indentation keep their line break. Every parameter needs a description or the build fails.
# An example's Code runs as written, from an empty folder, with only the module imported and its demo model
# (HelpExamples.Tests.ps1 runs every one): inputs come from the sketches the module ships,
# $sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches, or are made in the example, and
# files are written to relative paths. What it prints may follow after a blank line; an error shown there as
# "Cmdlet: message" must be one the code makes.
@{
    Synopsis    = 'Renders a Stable Diffusion prompt on top of init images (img2img), locally through ONNX Runtime.'

    Description = @'
Invoke-Img2Img is InvokeAI's img2img as a PowerShell cmdlet: the equivalent of `invoke> prompt -I init.png -f 0.75`. It encodes each init image into Stable Diffusion's latent space, mixes in as much Gaussian noise as -Strength asks for, denoises the rest of the schedule steered toward -Prompt (and away from -NegativePrompt) with classifier-free guidance, and decodes the result. The original's shape, layout and colours survive in proportion to how low the strength is; the prompt decides what they become.

Init images come from -InitImage, -LiteralPath or the pipeline, as Get-FileHash takes its files: a string given to -InitImage is a path with wildcards (relative paths resolve against the current PowerShell location), except that a path that is the exact name of an existing file is that file alone, so a FullName column or CSV cell naming sketch[1].png renders that file even when sketch1.png exists; -LiteralPath takes names exactly as written, so ./sketch[1].png is that file and not a pattern; files piped from Get-ChildItem or Get-Item bind to -LiteralPath through their PSPath, so each renders once whatever its name; image objects written by an earlier Invoke-Img2Img (or Import-Image, Resize-InitImage) bind to -InitImage, which lets you feed a render back in. PNG, JPEG, WebP, BMP, GIF and TIFF files can be read. One image object is written per init image, as soon as it is finished, so a batch streams straight into Save-Image.

A piped object can also bring its own settings: its Prompt, Seed and Strength properties bind to -Prompt, -Seed and -Strength by property name (and Model to -Model, Variations to -WithVariations). So `Import-Csv jobs.csv | Invoke-Img2Img -Steps 20` renders every row of a file with the columns Prompt, InitImage, Strength and Seed with its own settings, and a rendered image piped back in is rendered again with its own prompt, seed and strength. Parameters given on the command line always win, and so do those -Metadata supplies; an object's values apply to that object alone, and a property that is missing, $null (as on an imported image), empty or blank (an empty CSV cell) counts as not given: an empty Seed or Strength gives a random seed or the strength 0.75, and an empty Prompt is no prompt, so without -Prompt that object fails alone (PromptMissing) and the rest render. Only -Prompt '' on the command line (or an empty prompt in -Metadata) renders with an empty prompt. A prompt is checked object by object: a piped object whose Prompt is empty is a PromptMissing error for that object alone and the others render, while objects with no Prompt property at all (files) and no -Prompt stop the command with PromptMissing. A Strength or Seed property that is not a number ('abc', '12abc') fails its object alone too (ParameterArgumentTransformationError, naming the value). A lone positional argument is the prompt, not an init image: in `Import-Csv prompts.csv | Invoke-Img2Img house.png`, "house.png" is the prompt of every row (winning over its Prompt column) and rows without an InitImage column have no init image, so name a common init image with -InitImage (`Import-Csv prompts.csv | Invoke-Img2Img -InitImage house.png`). An object's value that is out of range writes a parameter-binding error for that object and the others are still rendered.

Strength selects how much of the schedule runs. Of a schedule of -Steps steps, img2img skips the start and runs only the last floor(Steps x Strength), starting from the init image noised to the level of the first step it runs. At the defaults (50 steps, strength 0.75) it runs 37 steps; with 10 steps, strength 0.7 runs 7 and strength 0.4 runs 4. The output's StepsTaken property records the number, and the table view shows it as "taken/steps" (7/10).

The render size is the init image's size rounded down to a multiple of 64, with a warning when that changes it. Stable Diffusion 1.x gives poor img2img results below 512x512, so scale small sketches up first; large images work but need memory in proportion.

Transparent pixels make the render an inpainting, as in InvokeAI: only the transparent regions are redrawn (partly transparent pixels partly, and much less than their transparency suggests, because their kept share is restored at every step), and every other pixel of the output is the init image's own, byte for byte. The colour stored under the transparent pixels is what the redrawing starts from, so keep it when you save the image; a warning says when the transparent region has no colour underneath (all black, as many editors store it). -Mask gives the region as a black-and-white image instead (white = repaint), -InvertMask swaps repaint and keep, and -MaskBlur sets how far the new content fades in at the edge of the hole. Ordinary models inpaint as InvokeAI 2.x did: after every step the kept region is put back to the init image at that step's noise level. Inpainting models (a UNet with 9 input channels, such as runwayml's stable-diffusion-inpainting) are recognised and given the mask and the masked image to inpaint by themselves. Most exports do not state the 9 in the UNet's input (diffusers' convert script and optimum leave that axis named, not numbered), so the model folder is asked in turn: unet/config.json's in_channels (optimum writes it), the shape of the UNet's first convolution in unet/model.onnx (always there in a diffusers export), and model_index.json's pipeline class (OnnxStableDiffusionInpaintPipeline, ORTStableDiffusionInpaintPipeline). If none of them tells, 4 is assumed, and a render that then fails (ModelRunFailed) says so and names the file to write: {"in_channels": 9} in unet/config.json settles it. The output is opaque; its Inpainted and MaskHash properties record the mask.

The model is -Model if given, else the folder in $env:INVOKEAI_MODEL, else the built-in demo model (see about_InvokeAI); both folders resolve against the current PowerShell location. A model is loaded on first use and then kept: later calls, in any runspace, reuse the same ONNX Runtime sessions, so only the first render pays for loading. Remove-Module InvokeAI.PowerShell releases them. A real model runs on CUDA when ONNX Runtime's CUDA libraries load, and otherwise falls back to the CPU with a warning that names the library that is missing; the demo model always runs on the CPU.

Errors are per file and non-terminating: an init image that is missing or unreadable, an image too small to render, or a failed model run writes an error naming the file, and the rest of the batch goes on. Add -ErrorAction Stop to stop at the first one. Ctrl+C stops a render between or inside model runs; the loaded model stays usable. Write-Progress reports each denoising step; -Verbose adds the time taken by each stage.
'@

    Parameters  = @{
        Metadata       = @'
Render again with the parameters an image file records: an object from Get-ImageMetadata, read from this module's own record, InvokeAI's sd-metadata or Dream, A1111's parameters or ComfyUI's prompt graph. It supplies the prompt, negative prompt, seed, steps, CFG scale, strength, sampler, Karras, eta, noise source, compatibility, width, height and -WithVariations for every one of them not given on the command line, and for an inpainting -MaskBlur, -InvertMask and the -Mask file (when the file is still there); those given explicitly win, so -Metadata $m -Strength 0.5 repeats a render at another strength. A mask that came from the init image's transparency comes back with the same init image, and one given as an image object comes back from its file when it was an unchanged Import-Image of it; any other image object, or a mask file since deleted, cannot be brought back: a warning says to give -Mask. -Prompt is then optional; without either a prompt the command stops (PromptMissing). With -Metadata, name the init image with -InitImage or pipe it in: a lone positional argument is the prompt. Objects from Get-ImageMetadata piped into the command are not taken as -Metadata (nor as init images): each writes the non-terminating error ImageMetadataNotAnInitImage; give them to -Metadata one at a time, for example Get-ImageMetadata ./renders/*.png | ForEach-Object { Invoke-Img2Img -Metadata $_ -InitImage $_.InitImagePath }. The model is not taken from it: render with the same model (and on the CPU) and a render saved by Save-Image comes out with identical pixels. With this module's own record, each render is then checked against what the record says it started from, and a warning names whatever differs, since the pixels then may not be the recorded ones (each kind of difference once per command, so a folder of sketches piped in is warned about once), whether or not it was given on the command line: another init image (its pixels' hash), another mask, inpainting where the recorded render did not or not where it did, another model folder, or a record of an intermediate step of Get-LatentSteps. A recorded value renders here cannot use (a sampler this module does not have, a seed above 4294967295) stops the command before it renders (InvalidParameterCombination), naming the parameter to give instead.
'@
        Variation      = @'
InvokeAI's -v: make a variation of the render, from 0 to 1. The seed's noise is slerped this far toward the noise of a new, randomly chosen variation seed, so 0.1 gives a close cousin of the seed's image and 1 an unrelated one. With -Iterations every image keeps the seed and gets its own variation seed. Each output records its variations as seed:weight pairs in its Variations property, so any variant can be rendered again with -WithVariations.
'@
        WithVariations = @'
InvokeAI's -V: variations already applied to the seed's noise, as 'seed:weight,seed:weight' (for example '1234:0.1,5678:0.2'), applied in order. Together with the same -Seed this renders exactly the variant that recorded them. Binds by property name from an image's Variations, so a rendered variant piped back in reproduces it, provided -InitImage names its init image again (with the same -Seed, prompt and other settings); without -InitImage the piped variant itself becomes the init image, and the variations are applied on top of it. A malformed list stops the command before it renders (InvalidParameterCombination); one piped in fails that render (RenderParameterInvalid).
'@
        Prompt         = @'
What to draw on top of the init image (InvokeAI's prompt). Write it the way pictures on the internet are captioned: "national geographic", a photographer, a camera or a film stock steer more reliably than "photograph" or "photorealistic", and small changes to the prompt can change the result a lot. The prompt is read in -PromptSyntax (InvokeAI's by default): fire+ or (fire)1.3 weights words, [blurry] is a negative prompt, and "a forest:0.7 a city:0.3" blends two prompts (see about_InvokeAI). A prompt longer than CLIP's 75 word pieces is encoded in chunks of 75, laid end to end, so every word counts (a UNet exported with a fixed token axis takes only as many chunks as that axis holds, and a warning says how many tokens were cut); -Verbose says how it was read and how many chunks it took. An empty prompt given here is allowed and renders unconditioned. Required unless -Metadata or the piped object supplies one (given, it replaces the recorded prompt). Binds by property name: a piped object's Prompt (a column of an Import-Csv row, a rendered image's own prompt) is used for that object when the command line gives none; an empty or blank one counts as none. The demo model reacts only to colour words ("fire", "blue ocean", "gold").
'@
        InitImage      = @'
The images to start from (InvokeAI's -I / --init_img). Accepts paths, with wildcards expanded and relative paths resolved against the current PowerShell location (as -Path of Get-FileHash, except that a path naming an existing file exactly is that file alone; -LiteralPath never expands wildcards); FileInfo objects given as arguments; and image objects written by Invoke-Img2Img, to render on top of an earlier result. Binds from the pipeline by value and by the property names InitImage, FullName and Path (an Import-Csv column), as a path with wildcards (or the file it names exactly); files piped from Get-ChildItem bind to -LiteralPath instead. Each init image gives one output image; a path that matches nothing or is not a readable image writes a non-terminating error and the others are still rendered.
'@
        LiteralPath    = @'
Init image files used exactly as written: no character is a wildcard, so a file named sketch[1].png is found (with -InitImage, [1] is a pattern matching sketch1.png unless sketch[1].png exists). Relative paths resolve against the current PowerShell location. Files piped from Get-ChildItem and Get-Item bind here through their PSPath property, as do objects with an LP property, so every file of a listing renders exactly once whatever characters its name holds.
'@
        NegativePrompt = @'
What to steer away from. Classifier-free guidance moves each step away from this prompt's prediction and toward -Prompt's; the default, an empty string, is the plain unconditioned prediction InvokeAI uses. Has no effect when -CfgScale is 1 or less, because the unconditioned half of the guidance is then skipped. It is read in -PromptSyntax too; under InvokeAI's syntax the prompt's [bracketed] words come first and this text follows them.
'@
        PromptSyntax   = @'
The prompt language -Prompt and -NegativePrompt are written in: InvokeAI (the default: word+ and word- for x1.1 and x0.9, (words)1.3, [negative words] inside the prompt, "fire:0.7 ocean:0.3" and ("fire", "ocean").blend(0.7, 0.3) blends, \ before a character to write it as text), A1111 (AUTOMATIC1111's web UI: (word:1.3), (word) x1.1, [word] divided by 1.1, BREAK to start a new chunk) or ComfyUI ((word:1.3) replacing an outer weight, (word) x1.1, square brackets as text). Each is weighted the way its tool weights. Binds by property name, and a record from -Metadata brings its own (A1111's parameters say A1111, ComfyUI's graph ComfyUI, InvokeAI's Dream and sd-metadata InvokeAI, this module's record the syntax it rendered with), so another tool's prompt renders as that tool read it; the command line wins. The output's PromptSyntax property records the syntax used, and Save-Image keeps it. A prompt its syntax cannot read (an unbalanced bracket, a malformed weight or blend) is the error PromptSyntaxInvalid (category SyntaxError), whose message names the column: it stops the command when the prompt came from the command line or -Metadata, and fails only its own object when it came with a piped object, or when a piped object's own PromptSyntax cannot read the command line's prompt. A piped PromptSyntax that is no syntax ('Midjourney') fails its object too (ParameterArgumentTransformationError); a blank one counts as not given. Nothing is rendered from a malformed prompt.
'@
        Strength       = @{
            Description  = @'
How much the init image is changed, from 0.0 (keep it: no steps run) to 1.0 (ignore it: the whole schedule runs from pure noise), as InvokeAI's -f / --strength. Default 0.75 (SDXL-Turbo and SD-Turbo: 0.5, LCM: 0.8); values from 0.25 to 0.90 give the interesting results. The number of steps actually run is floor(Steps x Strength): with -Steps 10, strength 0.7 runs 7 steps and 0.4 runs 4. Higher strength gives Stable Diffusion more noise to reinterpret and more steps to refine; lower strength keeps more of the original, including its flaws. Binds by property name: a piped object's Strength (an Import-Csv column, a rendered image's own) is used for that object when the command line gives none; one that does not go with the other settings (at strength 0 with -DenoiseSteps, or too low for -Steps to take a step) fails that object's render with RenderParameterInvalid.
'@
            DefaultValue = '0.75'
        }
        Steps          = @'
The length of the denoising schedule (InvokeAI's -s), from 1 to 1000; default 50 (SDXL-Turbo, SD-Turbo and LCM models: 4, the few steps they are distilled for). This is not the number of steps run: img2img runs only the last floor(Steps x Strength) of them (with -Sampler lcm, all of them). To run a given number of steps whatever the strength, give -DenoiseSteps instead: -DenoiseSteps 20 at strength 0.4 makes a 50-step schedule and runs 20 of them. Unlike txt2img, img2img does not converge as steps are added: every step count is a different noise schedule, so 29 and 30 steps can give visibly different images from the same seed.
'@
        DenoiseSteps   = @'
The number of denoising steps to actually run, from 1 to 1000, instead of giving -Steps: the schedule length is chosen as the smallest that runs exactly this many at -Strength (the img2img guide's "compensating for the reduced step count"). -DenoiseSteps 20 at strength 0.4 makes a 50-step schedule; at 0.7 a 29-step one. Cannot be combined with -Steps, nor used at strength 0, where no step runs; the schedule it makes may not exceed 1000 steps (600 at strength 0.5 would need 1200), or the command stops with InvalidParameterCombination.
'@
        Sampler        = @'
The sampler, by InvokeAI's name: k_lms (the default; k_euler_a for SDXL-Turbo and SD-Turbo models, lcm for LCM models), ddim, plms, k_euler, k_euler_a, k_heun, k_dpm_2, k_dpm_2_a, k_dpmpp_2m or lcm. Names are case-insensitive, tab-complete, and PascalCase or ComfyUI aliases work too (Euler, EulerAncestral, DpmPlusPlus2M, dpmpp_2m, ...). Each does the same maths as its diffusers and A1111 namesake, and follows the model's scheduler_config.json (beta schedule, timestep spacing, steps offset, prediction type). k_heun, k_dpm_2 and k_dpm_2_a evaluate the model twice per step but once on the last step, and plms twice on the first step it runs (unless that is also the last), once after that: a render of T steps makes 2T - 1 model calls with the first three, T + 1 with plms and T with the others. lcm (for Latent Consistency Model weights) runs all -Steps whatever the strength, which picks its timesteps instead, as diffusers' LCMScheduler does. k_euler_a, k_dpm_2_a and lcm add fresh seeded noise on every step but the last, and ddim with -Eta above 0 on every step; the other samplers are deterministic once the starting noise is drawn. k_lms combines as many earlier slopes (up to four) as the render has produced, so an img2img render starts at first order, as k-diffusion and InvokeAI 2.x do (diffusers counts from the position in the full schedule). ddim and plms step from each timestep to num_train_timesteps // steps below it (100 below for 10 steps of a 1000-step model), as diffusers does, also where the model's timestep_spacing lists other timesteps. A step count the model's spacing cannot honour (1000 steps with leading spacing and steps_offset 1 ask for timestep 1000) is a RenderParameterInvalid error, whatever the sampler.
'@
        Karras         = @'
Space the noise levels as Karras et al. propose (σ^(1/7) evenly spaced between σ max and σ min) instead of following the training timesteps. σ max and σ min are the training schedule's own, as k-diffusion, A1111 and ComfyUI take them, whatever the model's timestep_spacing (diffusers takes the σ at the ends of its spaced timesteps, the same with linspace spacing but not with leading or trailing). Applies to the k_ samplers; with ddim or plms it is an error.
'@
        Eta            = @'
DDIM's η, from 0 to 1; default 0 (deterministic DDIM). 1 adds as much fresh noise at each step as DDPM ancestral sampling. Applies to ddim only; with another sampler a non-zero value is an error.
'@
        NoiseSource    = @'
Which generator turns -Seed into noise: Cpu (the default) draws exactly as PyTorch's CPU generator does (torch.manual_seed(seed); torch.randn), so a seed starts from the same noise as diffusers or ComfyUI with a CPU generator; Cuda draws as AUTOMATIC1111's "NV" Philox generator emulates CUDA noise, so a seed matches an A1111 render made on an NVIDIA GPU.
'@
        Compatibility  = @'
Whose img2img behaviour to follow: Module (the default) or InvokeAI2, the classic command line of InvokeAI 2.1 to 2.2.5. With a k_ sampler InvokeAI 2.x differed in two ways: its img2img noise is the seed's second draw, not the first (its KSampler ignores the noise drawn first and draws again), and it spaced the noise levels the Karras way for schedules under 30 steps (-Steps 29 and fewer; InvokeAI's --karras_max default). With -Compatibility InvokeAI2 renders here do the same, and follow the rest of 2.2.5's img2img: the steps taken are int(strength × steps) as Python truncates it; k_ samplers at 30 steps and more take k-diffusion's CompVisDenoiser noise levels (log σ interpolated at linspace(999, 0, steps)); ddim and plms (whose noise is the first draw, as here) take CompVis's uniform timesteps, and plms takes every step as its pseudo improved-Euler first step, as 2.2.5's img2img did; the decoded image is truncated to 8 bits rather than rounded. The init latent is the VAE's posterior mean: InvokeAI sampled it before seeding, which nothing can repeat. InvokeAI 2.x also read only a prompt's first 77 tokens: under InvokeAI2 a longer prompt is cut there too (with a warning), instead of being encoded in chunks. A -Karras given (or a Karras a -Metadata record states) still wins over the step rule. -Metadata of an image InvokeAI 2.0 to 2.2.5 wrote (its sd-metadata records the app version) selects InvokeAI2 unless -Compatibility is given; for InvokeAI 2.0, whose 2.0.1 and 2.0.2 never used Karras spacing, the record also gives Karras off (2.0.0 always used it: give -Karras); a --karras_max on a record's Dream line settles Karras. The output records Compatibility and the Karras that ran, so a re-render with -Metadata repeats it.
'@
        Session        = @'
A session from Open-DiffusionSession or Get-DiffusionSession to render with, instead of naming a model folder. Use it to render with a model opened on a chosen provider or device. A closed session gives a SessionClosed error.
'@
        Width          = @'
The output width in pixels, from 64 to 8192; by default the init image's width. Rounded down to a multiple of 64, with a warning when that changes it (InvokeAI's -W). The init image is resized to it with Lanczos filtering, or with -Fit shrunk to fit inside it.
'@
        Height         = @'
The output height in pixels, from 64 to 8192; by default the init image's height. Rounded down to a multiple of 64, with a warning when that changes it (InvokeAI's -H).
'@
        Fit            = @'
InvokeAI's --fit: shrink the init image to fit inside -Width x -Height keeping its aspect ratio, then round each side down to a multiple of 64. It never enlarges. Without -Fit the init image is resized to exactly -Width x -Height.
'@
        Mask           = @'
An inpainting mask: white pixels are redrawn, black ones kept, grey ones partly redrawn (by luminance; the mask's own transparency is ignored). It takes the place of the init image's transparency, applies to every init image of the call, and is stretched to the render size, so give it the init image's size or at least its shape (a warning says when the shapes differ). Accepts a path (relative to the current PowerShell location; a wildcard must match exactly one file), a FileInfo or an image object. A mask that is missing or cannot be read stops the command before anything is rendered, with the error MaskNotFound, MaskUnreadable, MaskPathInvalid, MaskNotARegularFile, MaskTruncated or MaskTooLarge naming it.
'@
        InvertMask     = @'
Redraw what the mask keeps and keep what it redraws: with a transparent init image the opaque part is redrawn and the transparent part kept; with -Mask the black part is redrawn. Without -Mask and without transparent pixels there is nothing to invert; a warning says so and the whole image is rendered.
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
How many pixels, from 0 to 64, the redrawn region fades over into the kept original at the edge of the hole; default 4. The fade lies inside the hole only, so every pixel outside it stays exactly the init image's. 0 gives a hard edge.
'@
        Iterations     = @'
How many images to render from each init image, from 1 to 1000 (InvokeAI's -n). The seeds count up from -Seed, or from a seed chosen at random: with -Seed 100 -Iterations 3 the images have seeds 100, 101 and 102, so each can be repeated on its own. With -Variation every image keeps the seed instead and gets its own variation seed (InvokeAI's -v with -n).
'@
        ThrottleLimit  = @'
How many open sessions of the model render at once, from 1 (the default: one render at a time, on the cmdlet's own thread) to 64. Each session runs one render at a time, so open one per device first: Open-DiffusionSession -Provider Cuda -DeviceId 0,1 for two GPUs (on the CPU, -DeviceId 0,1 opens two sessions that share its cores). The inputs are read, and every image, error, warning and progress bar written, on the cmdlet's own thread as usual; images come out in input order unless -Unordered. With fewer open sessions than the limit, all of them are used (a warning says so when there is only one). A failed render writes its error and the rest go on; Ctrl+C stops every render.
'@
        Unordered      = @'
With -ThrottleLimit above 1, write each image as soon as it is finished, rather than holding it until the images before it are written. Without -ThrottleLimit it changes nothing: renders already finish in order.
'@
        CfgScale       = @'
The classifier-free guidance scale (InvokeAI's -C), from 0 to 100; default 7.5 (SDXL-Turbo and SD-Turbo: 0; LCM: 8.5, given to the UNet as an embedding, so an LCM model never runs the unconditioned half nor uses -NegativePrompt). Each step's prediction is uncond + CfgScale x (cond - uncond): higher values follow the prompt more literally and, past about 15, tend to over-saturate; values of 1 or less use the prompt's prediction alone and skip the unconditioned half, which halves the work of each step.
'@
        Seed           = @{
            Description  = @'
The seed of the noise mixed into the init image (InvokeAI's -S), from 0 to 4294967295. The same seed with the same init image, prompt, negative prompt, strength, steps, CFG scale, sampler and its options, noise source, model and execution provider gives the same image. With -NoiseSource Cpu (the default) the noise is drawn exactly as torch.manual_seed(seed); torch.randn(...) draws it on the CPU, so a seed means the same starting noise here as in InvokeAI, diffusers and ComfyUI. With -NoiseSource Cuda it is drawn as AUTOMATIC1111's "NV" source emulates PyTorch's CUDA generator (Philox 4x32-10, computed on the CPU), so a seed means the same starting noise as in an A1111 render made on an NVIDIA GPU. The two sources give unrelated noise for the same seed. Without -Seed every image gets a new random seed; it is recorded in the output's Seed property and in the file name Save-Image gives it ({counter:000000}.{seed}.png), so any render can be repeated. Given with several init images, every one of them uses this seed. Binds by property name: a piped object's Seed (an Import-Csv column, a rendered image's own seed) is used for that object when the command line gives none.
'@
            DefaultValue = 'A new random seed for each image'
        }
        Model          = @{
            Description  = @'
A Stable Diffusion model folder in the diffusers ONNX layout (model_index.json, scheduler/, tokenizer/, text_encoder/, unet/, vae_encoder/ and vae_decoder/), as written by diffusers or optimum's ONNX export. Without -Model the folder in $env:INVOKEAI_MODEL is used, and without that the built-in demo model. Both resolve against the current PowerShell location, so relative paths, ~ and PowerShell drives work in either. Binds by property name too, so an image written by Invoke-Img2Img and piped back in is rendered again with the model that made it. The first call with a folder loads it; later calls reuse it.
'@
            DefaultValue = '$env:INVOKEAI_MODEL, else the built-in demo model'
        }
    }

    Inputs      = @{
        'InvokeAI.PowerShell.Commands.InitImageSource' = @'
You can pipe strings (paths, wildcards allowed) and InvokeAI.Core.Pipelines.DiffusionImage objects from Invoke-Img2Img to -InitImage; PowerShell converts each to an InitImageSource. Objects with an InitImage, FullName or Path property bind it to -InitImage by property name, as a path. Files from Get-ChildItem or Get-Item bind to -LiteralPath through their PSPath property (as do objects with an LP property), so names with [ or ] in them work. Rows of Import-Csv and other objects bind by property name: InitImage, FullName or Path to -InitImage, Prompt, Seed and Strength to the parameters of those names, Model to -Model and Variations to -WithVariations.
'@
    }

    Outputs     = @{
        'InvokeAI.Core.Pipelines.DiffusionImage' = @'
One image per init image (with -Iterations, that many per init image), with the settings that made it: Prompt, NegativePrompt, PromptSyntax (the syntax the prompts were read in), Seed, Strength, Steps, StepsTaken, CfgScale, Sampler, Karras, Eta, NoiseSource, Compatibility, VaeSample, Tiled (when the render tiled its VAE, or was told not to), OriginalSize and CropTopLeft (SDXL renders that gave them), Variations (seed:weight pairs, empty without variations), Inpainted, InitImageHash and MaskHash (SHA-256 of the init image and of the mask as rendered; MaskHash only for an inpainting), MaskSource (Transparency or Mask), MaskPath (the -Mask file), InvertMask and MaskBlur (these four only for an inpainting), SourcePath, Model, Provider, Duration, Width, Height and the pixels (Pixels). Pipe it to Save-Image to write a PNG file, or back into Invoke-Img2Img to render on top of it.
'@
    }

    Examples    = @(
        @{
            Title   = 'Render one sketch'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Invoke-Img2Img -Prompt 'tree on a hill with a river, nature photograph, national geographic' -InitImage $sketches/tree-on-a-hill.png -Strength 0.85 |
    Save-Image -Directory outputs
'@
            Remarks = 'The command-line equivalent of InvokeAI''s `tree on a hill with a river, nature photograph, national geographic -I./test-pictures/tree-and-river-sketch.png -f 0.85`. The first line finds the example sketches that come with the module; any image file works the same way. With no -Model and no $env:INVOKEAI_MODEL it runs on the built-in demo model; Save-Image writes outputs/000001.<seed>.png.'
        }
        @{
            Title   = 'Render a folder of sketches as a batch'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Get-ChildItem $sketches/*.png | Invoke-Img2Img -Prompt 'tree on a hill with a river, national geographic' -Strength 0.75 | Save-Image -Directory renders
'@
            Remarks = 'Each file from Get-ChildItem binds to -LiteralPath through its PSPath, so a name such as sketch[1].png renders once, as itself. The model is loaded once for the whole batch, each image is saved as soon as it is rendered, and the files are named as InvokeAI names them: 000001.2285433660.png, 000002.3184094116.png and on, continuing from the highest counter already in renders. A sketch that cannot be read writes an error naming it and the others are still rendered.'
        }
        @{
            Title   = 'Render a batch described in a CSV file'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Set-Content jobs.csv @"
Prompt,InitImage,Strength,Seed
"tree on a hill with a river, national geographic",$sketches/tree-on-a-hill.png,0.75,1592514025
"red barn at sunset",$sketches/house.png,0.6,
"sailboat in a storm, oil painting",$sketches/sailboat.png,,42
"@
Import-Csv jobs.csv | Invoke-Img2Img -Steps 20 | Save-Image -Directory renders
'@
            Remarks = 'Each row binds by property name: InitImage to -InitImage (a path, wildcards allowed), and Prompt, Strength and Seed to the parameters of those names, so every row renders with its own settings; -Steps on the command line applies to all of them. An empty Seed or Strength cell counts as not given (an empty Prompt cell is a PromptMissing error for that row alone): the barn gets a random seed (recorded in its Seed and file name), the sailboat the default strength 0.75. A parameter given on the command line wins over the column, so adding -Seed 7 renders every row with seed 7.'
        }
        @{
            Title   = 'Render a result again with its own prompt and seed'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
$first = Invoke-Img2Img 'fire' $sketches/fireplace.png -Strength 0.7 -Seed 1592514025
$first | Invoke-Img2Img -Strength 0.3

Size            Seed Strength   Steps  Cfg Sampler    Source         Prompt
----            ---- --------   -----  --- -------    ------         ------
512x512   1592514025      0.3   15/50  7.5 k_lms      fireplace.png  fire
'@
            Remarks = 'The piped image is the init image, and its Prompt (''fire''), Seed and Model bind by property name; -Strength 0.3 given on the command line wins over the image''s own 0.7. Give -Prompt or -Seed as well to change those.'
        }
        @{
            Title   = 'See how strength selects the steps that run'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
0.7, 0.4 | ForEach-Object {
    Invoke-Img2Img -Prompt 'fire' -InitImage $sketches/fireplace.png -Steps 10 -Strength $_ -Seed 1592514025
}

Size            Seed Strength   Steps  Cfg Sampler    Source         Prompt
----            ---- --------   -----  --- -------    ------         ------
512x512   1592514025      0.7    7/10  7.5 k_lms      fireplace.png  fire
512x512   1592514025      0.4    4/10  7.5 k_lms      fireplace.png  fire
'@
            Remarks = 'The example of InvokeAI''s img2img guide. Of a 10-step schedule, strength 0.7 runs the last 7 steps from a noisier start, and 0.4 runs the last 4 from a start much closer to the drawing. The Steps column shows steps taken out of steps scheduled.'
        }
        @{
            Title   = 'Run the same number of steps at any strength'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
foreach ($strength in 0.4, 0.7) {
    Invoke-Img2Img 'fire' $sketches/fireplace.png -Strength $strength -DenoiseSteps 20 -Seed 1592514025
}

Size            Seed Strength   Steps  Cfg Sampler    Source         Prompt
----            ---- --------   -----  --- -------    ------         ------
512x512   1592514025      0.4   20/50  7.5 k_lms      fireplace.png  fire
512x512   1592514025      0.7   20/29  7.5 k_lms      fireplace.png  fire
'@
            Remarks = 'Prompt and init image are positional. -DenoiseSteps 20 makes a 50-step schedule at strength 0.4 and a 29-step one at 0.7: both run exactly 20 denoising steps, so each strength gets the same chance to refine the image.'
        }
        @{
            Title   = 'Redraw only part of an image (inpainting)'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Invoke-Img2Img 'night sky' $sketches/inpainting/house-without-sky.png -Strength 1.0 -Seed 1 | Save-Image -Path ./house-night-sky.png
Invoke-Img2Img 'night sky' $sketches/house.png -Mask $sketches/inpainting/house-sky-mask.png -Strength 0.8 -MaskBlur 8 | Save-Image -Path ./house-night-sky-2.png
'@
            Remarks = 'The first command redraws only the transparent part of house-without-sky.png (the house sketch with its sky erased to transparency, the blue kept underneath); everything else in the output is the original''s pixels exactly. The second marks the region with a separate mask, white where the sky is, and fades the new sky in over 8 pixels inside the region''s edge. Add -InvertMask to redraw everything but the sky instead.'
        }
        @{
            Title   = 'Repeat a render from its file name'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Invoke-Img2Img 'red barn at sunset' $sketches/house.png -Strength 0.6 -Seed 1592514025 | Save-Image -Path ./barn-again.png
'@
            Remarks = 'A file saved as 000032.1592514025.png was rendered with seed 1592514025. The same seed, init image, prompt, strength, steps, CFG scale and model give the same image again; change only the prompt or the strength to explore around it.'
        }
        @{
            Title   = 'Render variations of a result, and one of them again'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
$first = Invoke-Img2Img 'snowy mountains, oil painting' $sketches/mountain-lake.png -Strength 0.8
$variants = Invoke-Img2Img 'snowy mountains, oil painting' $sketches/mountain-lake.png -Strength 0.8 -Seed $first.Seed -Variation 0.2 -Iterations 3
$variants | Save-Image -Directory variants
$variants[1] | Invoke-Img2Img 'snowy mountains, oil painting' $sketches/mountain-lake.png -Strength 0.8 -Seed $first.Seed
'@
            Remarks = @'
The second command is InvokeAI's -v 0.2 -n 3 on the first render's seed: three variations of that image, each keeping the seed and moving its noise 20% toward the noise of its own random variation seed, recorded in its Variations property. The last command renders the second variant again, pixel for pixel: piped in, it supplies -WithVariations by property name, and the init image, prompt, strength and seed are given as before.

These renders use the built-in demo model. For real images, set $env:INVOKEAI_MODEL = '~/models/stable-diffusion-v1-5-onnx' (a Stable Diffusion ONNX folder; resolved against the current location, so ~ works) before the first command: every later call uses that model, loaded by the first call and reused by the others.
'@
        }
        @{
            Title   = 'Render again from a saved file'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Invoke-Img2Img 'red barn at sunset' $sketches/house.png -Strength 0.6 -Seed 1592514025 | Save-Image -Directory renders
$recorded = Get-ImageMetadata ./renders/000001.1592514025.png
Invoke-Img2Img -Metadata $recorded -InitImage $sketches/house.png | Save-Image -Directory again
Invoke-Img2Img -Metadata $recorded -InitImage $sketches/house.png -Strength 0.5 -Seed 7

Size            Seed Strength   Steps  Cfg Sampler    Source         Prompt
----            ---- --------   -----  --- -------    ------         ------
512x512            7      0.5   25/50  7.5 k_lms      house.png      red barn at sunset
'@
            Remarks = 'Save-Image records every parameter in the file; Get-ImageMetadata reads them back and -Metadata renders with them. With the same init image and model the first render has exactly the pixels of the saved one. The second keeps everything else but takes the strength and seed given on the command line. Files from InvokeAI, A1111 and ComfyUI work too, within what their formats record.'
        }
    )

    Notes       = @'
Settings map to InvokeAI's command line: -I is -InitImage, -f is -Strength, -s is -Steps, -C is -CfgScale, -S is -Seed, -A is -Sampler (k_lms by default, as in InvokeAI; ten samplers, see -Sampler), -n is -Iterations, -v is -Variation, -V is -WithVariations, -W and -H are -Width and -Height, --fit is -Fit.

Error IDs, for -ErrorVariable and $Error. Non-terminating, for one init image or render while the rest of the batch goes on: InitImageNotFound, InitImageUnreadable, InitImageNotAFile, InitImagePathInvalid, InitImageNotARegularFile, InitImageTruncated, InitImageTooLarge (see Import-Image), InitImageSizeInvalid (a side under 64 pixels), ModelFolderInvalid (the message names the missing file), ExecutionProviderUnavailable, ModelRunFailed, SessionClosed (the -Session was closed, before or during the render), RenderParameterInvalid (a value the model's schedule cannot use, such as 1000 steps with leading spacing and steps_offset 1, which ask for timestep 1000, a malformed Variations piped in, or a piped Strength that does not go with the other settings), ImageMetadataNotAnInitImage (an object from Get-ImageMetadata piped in: give it to -Metadata), and PowerShell's own parameter-binding errors for a piped value out of range or not a number (a Strength of 1.5 or 'abc' in a CSV row). These stop the command before it renders: InvalidParameterCombination (parameters that do not go together, such as -Steps with -DenoiseSteps, -Karras with ddim or -Eta with another sampler, a malformed -WithVariations, or a -Metadata value renders cannot use), PromptMissing (neither -Prompt nor -Metadata gives a prompt and the piped objects have no Prompt property; a piped object with an empty Prompt fails alone, non-terminating), MaskNotFound, MaskUnreadable, MaskPathInvalid, MaskNotARegularFile, MaskTruncated and MaskTooLarge (-Mask cannot be used).

For the concepts (strength, steps, CFG scale, seeds, model folders, the demo model, sessions, CPU and CUDA) see about_InvokeAI.
'@

    Links       = @('about_InvokeAI', 'Save-Image', 'Get-ImageMetadata')
}

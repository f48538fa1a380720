# Help source for Get-DiffusionModel (see Invoke-Img2Img.psd1 for the format).
@{
    Synopsis    = 'Reports what a model folder is and what will work with it, before any render.'

    Description = @'
Get-DiffusionModel loads a diffusers ONNX model folder and reports what its graphs show: the family (SD 1.x, SD 2.x, SDXL, SDXL-Turbo, SD-Turbo, LCM, LCM-SDXL), the pipeline class model_index.json names, the precision (fp32, fp16, or mixed, from the element types of the sub-models' floating-point inputs and outputs), the latent scale and where it came from, the scheduler (the sampler renders use unless told, prediction type, timestep spacing, steps offset), the settings a render takes by default (the family's own over InvokeAI's: sampler, steps, strength, cfg), the UNet's input channels, what the VAE encoder returns, the provider it runs on and, for every sub-model, its file, its size with its external weights and its inputs and outputs with their element types and shapes (symbolic axes by name).

Notes lists, a sentence each, what will not work with the folder or works differently from an ordinary SD 1.x model, and why: model_index.json contradicting the graphs, an inpainting UNet, the steps a distilled model is made for and its lack of a guidance batch, a sampler this version does not have, an fp16 VAE decoder on SDXL (which overflows to NaN), SD 2.x 768-v models needing 768-px renders, a VAE encoder that samples its latent with an unseeded random node (renders not exactly reproducible), and a CUDA fallback.

The folder is opened as a session, exactly as a render opens it, so the report shows the provider a render runs on, and a session already open is reported without loading again. A folder the call had to load is closed after its report, so a folder of large models piped in holds only one at a time; -KeepOpen keeps it open for the renders that follow. Without -Path, -LiteralPath or -Session, the default model is reported: $env:INVOKEAI_MODEL, else the built-in demo model.
'@

    Parameters  = @{
        Path        = @{
            Description  = 'Model folders to report; wildcards allowed (a pattern reports every folder it matches and passes over files). Relative paths, ~ and PowerShell drives resolve against the current PowerShell location. A path that does not exist is an error (PathNotFound), a folder that is not a model folder is an error (ModelFolderInvalid) naming the file it lacks; the other folders are still reported. Accepts strings from the pipeline, and objects with a Path property (a report piped back in).'
            DefaultValue = '$env:INVOKEAI_MODEL, else the built-in demo model'
        }
        LiteralPath = 'Model folders to report, taken exactly as written (no wildcards), so names with brackets work. Folders from Get-ChildItem -Directory bind here through their PSPath.'
        KeepOpen    = 'Keep open the sessions this call loads (a folder not open before), so renders that follow use them without loading the model again. Without it they are closed after their report; sessions that were already open stay open either way.'
        Session     = 'An open session, from Open-DiffusionSession or Get-DiffusionSession, whose model to report. Accepts sessions from the pipeline. A closed session is an error (SessionClosed).'
    }

    Inputs      = @{
        'System.String'                                 = 'Model folder paths, wildcards allowed, to -Path. Objects with a PSPath or LP property, such as the folders Get-ChildItem -Directory writes, bind to -LiteralPath by property name.'
        'InvokeAI.PowerShell.Sessions.DiffusionSession' = 'Open sessions.'
    }

    Outputs     = @{
        'InvokeAI.Core.Models.ModelReport' = 'One report per folder: Path, Family, Architecture, Distillation, PipelineClass, Precision, LatentScale, LatentScaleSource, Scheduler, Defaults, IntendedSteps, UnetInputChannels, VaeEncoder, SubModels (Name, Path, SizeBytes, ExternalData, Inputs, Outputs), SizeMB, Provider, CpuFallbackReason, Notes. The console shows Family, Precision, default sampler and steps, Provider, the number of notes and the Path as a table; Format-List shows all of it, a line per sub-model and per note.'
    }

    Examples    = @(
        @{
            Title   = 'What the default model is'
            Code    = @'
Get-DiffusionModel

Family     Precision Sampler    Steps Provider         Notes Path
------     --------- -------    ----- --------         ----- ----
SD 1.x     fp32      k_lms         50 CPU                  1 /…/InvokeAI.PowerShell/models/demo
'@
            Remarks = 'With no folder named, the model renders use without -Model: $env:INVOKEAI_MODEL, else the built-in demo model. Sampler and Steps are what a render takes when it names none.'
        }
        @{
            Title   = 'The whole report'
            Code    = @'
Get-DiffusionModel | Format-List

Path              : /…/InvokeAI.PowerShell/models/demo
Family            : SD 1.x
Architecture      : StableDiffusion1
Distillation      : None
PipelineClass     : OnnxStableDiffusionImg2ImgPipeline
Precision         : fp32
LatentScale       : 0.18215 (scaling_factor in vae_decoder/config.json)
Scheduler         : k_lms, epsilon, each sampler's default, steps offset 1
Defaults          : k_lms, 50 steps, strength 0.75, cfg 7.5
IntendedSteps     :
UnetInputChannels : 4
VaeEncoder        : Deterministic
SizeMB            : 1.5
Provider          : CPU
CpuFallbackReason :
SubModels         : text_encoder: input_ids int32 [batch, 77] -> last_hidden_state float32 [batch, 77, 8], pooler_output float32 [batch, 8]
                    unet: sample float32 [batch, 4, latent_height, latent_width], timestep float32 [batch], encoder_hidden_states float32 [batch, 77, 8] -> out_sample float32 [batch, 4, latent_height, latent_width]
                    vae_encoder: sample float32 [batch, 3, height, width] -> latent_sample float32 [batch, 4, latent_height, latent_width]
                    vae_decoder: latent_sample float32 [batch, 4, latent_height, latent_width] -> sample float32 [batch, 3, height, width]
Notes             : - The VAE encoder returns one latent without a posterior to sample: -VaeSample is refused.
'@
            Remarks = 'Each sub-model reads as its inputs -> its outputs, each with its element type and shape; axes the export left symbolic show their names. A Stable Diffusion 1.5 export from diffusers'' convert script has a note that its VAE encoder samples in its graph (and how renders stay reproducible), an SDXL-Turbo export one on the steps it is made for.'
        }
        @{
            Title   = 'Every model folder in a folder'
            Code    = @'
$models = Join-Path (Get-Command Get-DiffusionModel).Module.ModuleBase models
Get-ChildItem $models -Directory | Get-DiffusionModel | Format-Table Family, Precision, Defaults, Path

Family Precision Defaults                                Path
------ --------- --------                                ----
SD 1.x fp32      k_lms, 50 steps, strength 0.75, cfg 7.5 /…/InvokeAI.PowerShell/models/demo
'@
            Remarks = 'Folders from Get-ChildItem bind to -LiteralPath. Get-DiffusionModel "$models/*" reports the same folders by a wildcard. Each folder is loaded for its report and closed again, one at a time; those that were open already stay open.'
        }
        @{
            Title   = 'What a model''s sub-models take and return'
            Code    = @'
$report = Open-DiffusionSession | Get-DiffusionModel
$report.SubModels | Format-Table Name, SizeMB, ExternalData, @{ Label = 'Inputs'; Expression = { $_.Inputs -join ', ' } }

Name         SizeMB ExternalData Inputs
----         ------ ------------ ------
text_encoder   1.50 {}           input_ids int32 [batch, 77]
unet           0.00 {}           sample float32 [batch, 4, latent_height, latent_width], timestep float32 [batch], encoder_hidden_states float32 [batch, 77, 8]
vae_encoder    0.00 {}           sample float32 [batch, 3, height, width]
vae_decoder    0.00 {}           latent_sample float32 [batch, 4, latent_height, latent_width]
'@
            Remarks = 'A session piped in is reported without loading anything (the demo model''s sub-models are tiny: most of its 1.5 MB is the text encoder''s token table). SizeMB counts the external weights beside model.onnx (such as weights.pb or model.onnx_data), which ExternalData names.'
        }
        @{
            Title   = 'A folder that is not there'
            Code    = @'
Get-DiffusionModel ./no-such-model

Get-DiffusionModel: Cannot find path '/home/me/no-such-model' because it does not exist.
'@
            Remarks = 'The error (PathNotFound) names the full path; a folder that exists but is not a model folder writes ModelFolderInvalid, naming the file it lacks. Either way the other folders of the call are still reported.'
        }
    )

    Links       = @('about_InvokeAI', 'Open-DiffusionSession', 'Get-DiffusionSession', 'Close-DiffusionSession', 'Invoke-Img2Img')
}

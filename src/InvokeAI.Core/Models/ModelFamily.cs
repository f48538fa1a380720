using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Models;

/// <summary>The network a folder holds, as its graphs show it.</summary>
public enum ModelArchitecture
{
    /// <summary>SD 1.x: one CLIP ViT-L text encoder, 768-wide hidden states, ε-prediction.</summary>
    StableDiffusion1,
    /// <summary>SD 2.x: OpenCLIP ViT-H (1024 wide, pad token "!"), v-prediction at 768 px.</summary>
    StableDiffusion2,
    /// <summary>SDXL: two text encoders, the UNet also conditioned on a pooled embedding and the image's sizes.</summary>
    StableDiffusionXL,
}

/// <summary>How a model was distilled to need few steps, which changes how it is sampled.</summary>
public enum ModelDistillation
{
    None,
    /// <summary>Adversarial diffusion distillation (SDXL-Turbo, SD-Turbo): 1–4 steps, trailing timesteps, no guidance.</summary>
    Turbo,
    /// <summary>A latent consistency model: the LCM scheduler, 2–8 steps, guidance as an embedding instead of a batch.</summary>
    LatentConsistency,
}

/// <summary>
/// A model folder's family: what its graphs take (SDXL's <c>text_embeds</c> and <c>time_ids</c>, LCM's
/// <c>timestep_cond</c>), its text encoder and its scheduler, cross-checked against model_index.json's pipeline class.
/// Never the folder's name. The family decides how prompts condition the UNet, which sampler and settings suit it
/// (<see cref="RenderDefaults"/>) and what to warn about.
/// </summary>
public sealed record ModelFamily(ModelArchitecture Architecture, ModelDistillation Distillation)
{
    /// <summary>The name users know: SD 1.x, SD 2.x, SDXL, SDXL-Turbo, SD-Turbo, LCM, LCM-SDXL.</summary>
    public string Name => (Architecture, Distillation) switch
    {
        (ModelArchitecture.StableDiffusionXL, ModelDistillation.Turbo) => "SDXL-Turbo",
        (_, ModelDistillation.Turbo) => "SD-Turbo",
        (ModelArchitecture.StableDiffusionXL, ModelDistillation.LatentConsistency) => "LCM-SDXL",
        (_, ModelDistillation.LatentConsistency) => "LCM",
        (ModelArchitecture.StableDiffusionXL, _) => "SDXL",
        (ModelArchitecture.StableDiffusion2, _) => "SD 2.x",
        _ => "SD 1.x",
    };

    /// <summary>
    /// The settings this family needs where InvokeAI's defaults (50 k_lms steps at cfg 7.5) would not work, so a
    /// prompt and an image are enough: the distilled models' own step counts, sampler and guidance (diffusers'
    /// pipeline defaults for SDXL-Turbo and LCM img2img). Anything the user or a record states still wins.
    /// </summary>
    public RenderSettings RenderDefaults => Distillation switch
    {
        ModelDistillation.Turbo => new RenderSettings { Sampler = "k_euler_a", Steps = 4, Strength = 0.5, CfgScale = 0 },
        ModelDistillation.LatentConsistency => new RenderSettings { Sampler = "lcm", Steps = 4, Strength = 0.8, CfgScale = 8.5 },
        _ => RenderSettings.None,
    };

    /// <summary>The step counts the family is made for; outside them renders degrade (a warning, not a refusal).</summary>
    public (int Fewest, int Most)? IntendedSteps => Distillation switch
    {
        ModelDistillation.Turbo => (1, 4),
        ModelDistillation.LatentConsistency => (2, 8),
        _ => null,
    };

    /// <summary>
    /// Whether a render runs the [negative, prompt] batch: when cfg is above 1, as diffusers, except for an LCM, which
    /// takes cfg as an embedding. (Turbo's default cfg 0 runs none; a cfg above 1 given to it does, as in diffusers.)
    /// </summary>
    public bool UsesGuidanceBatch(double cfgScale) => Distillation != ModelDistillation.LatentConsistency && cfgScale > 1;

    public override string ToString() => Name;

    /// <summary>
    /// The family of a loaded folder. <paramref name="hiddenWidth"/> is the text encoder's declared hidden size
    /// (null when the axis is symbolic); <paramref name="padId"/> the tokenizer's pad id (0 is "!", OpenCLIP's).
    /// </summary>
    internal static ModelFamily Detect(Unet unet, int? hiddenWidth, int padId, SchedulerConfig scheduler)
    {
        var architecture = unet.TakesTextTimeConditioning ? ModelArchitecture.StableDiffusionXL
            // OpenCLIP ViT-H is 1024 wide and pads with "!"; SD 2's 768-px models predict v. Any one tells.
            : hiddenWidth == 1024 || padId == 0 || scheduler.PredictionType == PredictionType.VPrediction ? ModelArchitecture.StableDiffusion2
            : ModelArchitecture.StableDiffusion1;
        var distillation = unet.GuidanceEmbeddingSize is not null ? ModelDistillation.LatentConsistency
            // Turbo models ship an Euler scheduler with trailing spacing (stabilityai/sdxl-turbo: Euler ancestral,
            // sd-turbo: Euler): the timesteps that start at 999, which one- to four-step sampling needs. Base models
            // space them otherwise; zero-terminal-SNR fine-tunes space them trailing too, but say so in their config.
            : scheduler.TimestepSpacing == TimestepSpacing.Trailing && !scheduler.RescaleBetasZeroSnr
              && scheduler.ClassName?.StartsWith("Euler", StringComparison.Ordinal) == true ? ModelDistillation.Turbo
            : ModelDistillation.None;
        return new ModelFamily(architecture, distillation);
    }

    /// <summary>
    /// What in the folder contradicts the family its graphs show (model_index.json naming another pipeline, an
    /// SDXL UNet without its second encoder): a sentence per problem, for warnings and reports.
    /// </summary>
    internal IEnumerable<string> Contradictions(ModelFolder folder)
    {
        string? pipeline = folder.Index.PipelineClass;
        bool indexSaysXl = pipeline?.Contains("XL", StringComparison.Ordinal) == true;
        bool indexSaysLcm = pipeline?.Contains("LatentConsistency", StringComparison.Ordinal) == true;
        if (indexSaysXl && Architecture != ModelArchitecture.StableDiffusionXL)
            yield return $"model_index.json names {pipeline}, but the UNet takes no text_embeds/time_ids: it is rendered as {Name}.";
        if (Architecture == ModelArchitecture.StableDiffusionXL && pipeline is not null && !indexSaysXl)
            yield return $"model_index.json names {pipeline}, but the UNet is an SDXL UNet (text_embeds, time_ids): it is rendered as {Name}.";
        if (indexSaysLcm && Distillation != ModelDistillation.LatentConsistency)
            yield return $"model_index.json names {pipeline}, but the UNet takes no timestep_cond: it is rendered as {Name}.";
        if (folder.HasSecondTextEncoder && Architecture != ModelArchitecture.StableDiffusionXL)
            yield return $"text_encoder_2 is not used: the UNet is not an SDXL UNet.";
    }
}

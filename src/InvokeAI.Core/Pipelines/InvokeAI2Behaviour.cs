using InvokeAI.Core.Noise;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// How InvokeAI 2.x's img2img with a k_ sampler differs from this module's, for <see cref="RenderCompatibility.InvokeAI2"/>.
/// </summary>
/// <remarks>
/// Read in invoke-ai/InvokeAI's tags v2.0.0 to v2.2.5:
/// <list type="bullet">
/// <item>The noise. <c>Generator.generate</c> (ldm/invoke/generator/base.py) seeds the global generator
/// (<c>seed_everything(seed)</c>) and calls <c>Img2Img.get_noise</c> (generator/img2img.py), whose
/// <c>torch.randn_like(init_latent)</c> is the first draw. The k_ samplers never use it: <c>KSampler.stochastic_encode</c>
/// (ldm/models/diffusion/ksampler.py) returns the init latent unchanged, and <c>KSampler.sample</c>, given that latent as
/// x_T and again as x0, starts from <c>x_T + torch.randn_like(x0) * sigmas[0]</c>: a second draw of the same shape, which
/// is the noise that counts; the ancestral samplers continue the stream after it. ddim and plms are not k-samplers:
/// their <c>stochastic_encode</c> noises the latent with the first draw, as this module does, so they are unaffected.
/// (The VAE's sampling of the init latent happens before the seeding, so it draws nothing from the seeded stream.)</item>
/// <item>Karras spacing. 2.1.0 to 2.2.5's <c>KSampler.make_schedule</c> takes Karras σs when
/// <c>ddim_num_steps &lt; karras_max</c>, the model's own σs otherwise; <c>karras_max</c> is the --karras_max switch,
/// whose default None becomes <c>STEP_THRESHOLD = 30</c> (the switch's help says "[29]": the same rule, 29 steps and
/// fewer). ddim_num_steps is the whole schedule's length (-s), not the steps img2img runs. 2.0.0 always took Karras
/// σs; 2.0.1 and 2.0.2 never did; all three record themselves as app_version 'v1.15', so a record cannot tell them
/// apart: <see cref="RenderCompatibility.InvokeAI2"/> is the 2.1 to 2.2.5 rule, and the reader of a 2.0 record states
/// Karras off besides (see Metadata/InvokeAIAppVersion).</item>
/// </list>
/// The prompt: 2.x's FrozenCLIPEmbedder tokenized every prompt and sub-prompt with truncation at 77 tokens, so words
/// past the 75th never counted; <see cref="PromptChunkLimit"/> keeps a render under these rules to that one chunk.
/// Inpainting is not reproduced: InvokeAI 2.2.5's <c>Inpaint.get_make_image</c> (generator/inpaint.py) swapped any
/// KSampler for DDIM ("Using recommended DDIM sampler for inpainting"), whatever its record names; a masked render
/// here runs the named sampler, under these rules like any other.
/// The σ schedule (see <see cref="SchedulerConfigFor"/>), the strength's step count (<see cref="FirstStep"/>) and the
/// 8-bit truncation of the decoded image (<see cref="TruncatesPixels"/>) follow 2.2.5's code as well; the UNet gets the
/// fractional t of log-σ interpolation and the guidance batch is [uncond, cond], as here by default. InvokeAI encoded
/// the init image by sampling the VAE's posterior before the seed was set, a draw nothing can repeat: renders under
/// these rules start from the posterior mean.
/// Not reproduced: with variations, InvokeAI 2.x's k_ samplers ignore the slerped x_T altogether (their noise is the
/// second draw after whichever seed was seeded last); here the variations are slerped into the second draw instead.
/// </remarks>
public static class InvokeAI2Behaviour
{
    /// <summary>KSampler's STEP_THRESHOLD: schedules shorter than this use Karras σs.</summary>
    public const int KarrasBelowSteps = 30;

    /// <summary>How many 75-token chunks of each prompt count: one under InvokeAI 2.x's rules, which cut prompts there; else all.</summary>
    public static int? PromptChunkLimit(RenderSettings settings) => settings.Compatibility == RenderCompatibility.InvokeAI2 ? 1 : null;

    /// <summary>Whether InvokeAI 2.1 to 2.2.5 spaced a k_ sampler's schedule of <paramref name="steps"/> the Karras way.</summary>
    public static bool UsesKarras(int steps) => steps < KarrasBelowSteps;

    /// <summary>
    /// In 2.x exactly the k_ samplers ran through KSampler, and here exactly they take Karras spacing: the samplers
    /// both differences apply to.
    /// </summary>
    public static bool Applies(RenderSettings settings) =>
        // An unknown name is RenderRules' to report, not this check's.
        settings.Compatibility == RenderCompatibility.InvokeAI2 && SamplerCatalog.TryFind(settings.Sampler)?.UsesKarras == true;

    /// <summary>
    /// <paramref name="withDefaults"/> with Karras as InvokeAI 2.x would have chosen it when <paramref name="stated"/>
    /// leaves it out: a Karras given (on the command line, or by a record) is a choice, and wins.
    /// </summary>
    public static RenderSettings WithKarrasDefault(RenderSettings stated, RenderSettings withDefaults)
    {
        if (stated.Karras is not null || !Applies(withDefaults)) return withDefaults;
        int? steps = withDefaults switch
        {
            { DenoiseSteps: int wanted, Strength: double strength and > 0 } => StrengthSchedule.TotalStepsFor(wanted, strength),
            { Steps: int given } => given,
            _ => null,
        };
        return steps is int length ? withDefaults with { Karras = UsesKarras(length) } : withDefaults;
    }

    /// <summary>
    /// The scheduler configuration a render under InvokeAI 2.x's rules steps by, whatever the model folder's says:
    /// its k_ samplers ran on k-diffusion's CompVisDenoiser, whose <c>get_sigmas(n)</c> reads σ at
    /// t = linspace(999, 0, n) interpolating log σ (diffusers interpolates σ); its ddim and plms took CompVis's
    /// "uniform" timesteps, every 1000//n-th plus one, and ᾱ_0 before the first (diffusers' leading spacing with
    /// steps_offset 1 and set_alpha_to_one false).
    /// </summary>
    public static SchedulerConfig SchedulerConfigFor(RenderSettings settings, SchedulerConfig config)
    {
        if (settings.Compatibility != RenderCompatibility.InvokeAI2) return config;
        return SamplerCatalog.TryFind(settings.Sampler) switch
        {
            { UsesKarras: true } => config with { TimestepSpacing = TimestepSpacing.Linspace, SigmaInterpolation = SigmaInterpolation.LogSigma },
            { Name: "ddim" or "plms" } => config with { TimestepSpacing = TimestepSpacing.Leading, StepsOffset = 1, SetAlphaToOne = false },
            _ => config,
        };
    }

    /// <summary>
    /// The sampler InvokeAI 2.x's img2img ran for a render under its rules where the catalogue's differs: its plms
    /// stepped every step as a first step (see <see cref="PlmsSampler"/>'s withoutHistory); null for the catalogue's.
    /// </summary>
    public static ISampler? SamplerFor(RenderSettings settings, SchedulerConfig config, int steps) =>
        settings.Compatibility == RenderCompatibility.InvokeAI2 && SamplerCatalog.TryFind(settings.Sampler)?.Name == "plms"
            ? new PlmsSampler(config, steps, withoutHistory: true)
            : null;

    /// <summary>
    /// The index of the first step img2img runs: under InvokeAI 2.x's rules n − t_enc with its
    /// <c>t_enc = int(strength * steps)</c> exactly as Python truncates the product (0.29 × 100 = 28.999999999999996
    /// runs 28 steps, where the module's own rule, forgiving the rounding, runs 29); otherwise the sampler's own.
    /// </summary>
    public static int FirstStep(RenderSettings settings, ISampler sampler, int steps)
    {
        double strength = settings.Strength!.Value;
        if (settings.Compatibility != RenderCompatibility.InvokeAI2 || !SamplerCatalog.Find(sampler.Name).StrengthCutsSteps)
            return sampler.FirstStep(strength);
        return steps - Math.Min((int)(strength * steps), steps);
    }

    /// <summary>
    /// Whether decoded pixels are truncated to 8 bits, as InvokeAI 2.x's <c>sample_to_image</c> did
    /// (<c>(255 * x).astype(np.uint8)</c>), rather than rounded.
    /// </summary>
    public static bool TruncatesPixels(RenderSettings settings) => settings.Compatibility == RenderCompatibility.InvokeAI2;

    /// <summary>
    /// The img2img noise from a freshly seeded generator: its first draw, or under InvokeAI 2.x's rules with a k_
    /// sampler its second, the first drawn and discarded.
    /// </summary>
    public static float[] Img2ImgNoise(IGaussianNoiseGenerator generator, int count, RenderSettings settings)
    {
        if (Applies(settings)) generator.Randn(count);
        return generator.Randn(count);
    }
}

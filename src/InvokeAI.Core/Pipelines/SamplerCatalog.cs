using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Pipelines;

/// <summary>Options that only some samplers take.</summary>
public sealed record SamplerOptions
{
    /// <summary>Karras σ spacing (the k_ samplers only).</summary>
    public bool Karras { get; init; }
    /// <summary>DDIM's η: 0 is deterministic, 1 adds as much fresh noise as DDPM ancestral sampling.</summary>
    public double Eta { get; init; }
}

/// <summary>A sampler a render can name, with what users of other tools call it.</summary>
/// <param name="Name">InvokeAI's name, the canonical one.</param>
/// <param name="Aliases">PascalCase and ComfyUI names that mean the same sampler.</param>
/// <param name="DiffusersClass">The diffusers scheduler class that does the same maths.</param>
/// <param name="A1111Name">The name AUTOMATIC1111's web UI shows.</param>
/// <param name="ModelCallsPerStep">UNet evaluations per step (Heun and DPM2 evaluate twice, but once on the last step).</param>
public sealed record SamplerInfo(
    string Name,
    IReadOnlyList<string> Aliases,
    string DiffusersClass,
    string A1111Name,
    int ModelCallsPerStep,
    bool UsesKarras,
    bool UsesEta,
    bool Ancestral,
    Func<SchedulerConfig, int, SamplerOptions, ISampler> Create)
{
    /// <summary>An option this sampler cannot use, as (message, option name); null when all fit.</summary>
    public (string Message, string Option)? OptionProblem(SamplerOptions options)
    {
        if (options.Karras && !UsesKarras)
            return ($"Karras sigmas apply to the k_ samplers; '{Name}' steps through timesteps.", nameof(options.Karras));
        if (options.Eta != 0 && !UsesEta)
            return ($"Eta applies to ddim only, not to '{Name}'.", nameof(options.Eta));
        return null;
    }
}

/// <summary>The samplers a render can name, by InvokeAI's names (case-insensitive) or their aliases.</summary>
public static class SamplerCatalog
{
    public const string Default = "k_lms";

    public static IReadOnlyList<SamplerInfo> All { get; } =
    [
        new("k_lms", ["Lms", "KLms"], "LMSDiscreteScheduler", "LMS", 1, true, false, false,
            (c, n, o) => new LmsSampler(c, n, o.Karras)),
        new("ddim", ["Ddim"], "DDIMScheduler", "DDIM", 1, false, true, false,
            (c, n, o) => new DdimSampler(c, n, o.Eta)),
        new("plms", ["Plms", "Pndm"], "PNDMScheduler", "PLMS", 1, false, false, false,
            (c, n, _) => new PlmsSampler(c, n)),
        new("k_euler", ["Euler", "KEuler"], "EulerDiscreteScheduler", "Euler", 1, true, false, false,
            (c, n, o) => new EulerSampler(c, n, o.Karras)),
        new("k_euler_a", ["EulerAncestral", "KEulerA", "euler_ancestral"], "EulerAncestralDiscreteScheduler", "Euler a", 1, true, false, true,
            (c, n, o) => new EulerAncestralSampler(c, n, o.Karras)),
        new("k_heun", ["Heun", "KHeun"], "HeunDiscreteScheduler", "Heun", 2, true, false, false,
            (c, n, o) => new HeunSampler(c, n, o.Karras)),
        new("k_dpm_2", ["Dpm2", "KDpm2", "dpm_2"], "KDPM2DiscreteScheduler", "DPM2", 2, true, false, false,
            (c, n, o) => new Dpm2Sampler(c, n, o.Karras)),
        new("k_dpm_2_a", ["Dpm2Ancestral", "KDpm2A", "dpm_2_ancestral"], "KDPM2AncestralDiscreteScheduler", "DPM2 a", 2, true, false, true,
            (c, n, o) => new Dpm2AncestralSampler(c, n, o.Karras)),
        new("k_dpmpp_2m", ["DpmPlusPlus2M", "KDpmpp2M", "dpmpp_2m"], "DPMSolverMultistepScheduler", "DPM++ 2M", 1, true, false, false,
            (c, n, o) => new DpmPlusPlus2MSampler(c, n, o.Karras)),
    ];

    /// <summary>
    /// Every accepted name once, canonical names first (for tab completion and validation). Names match in any
    /// case, so an alias that only recapitalises one (Ddim, Plms) is not listed again.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } =
        All.Select(s => s.Name).Concat(All.SelectMany(s => s.Aliases)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    public static SamplerInfo Find(string name) =>
        All.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
                                || s.Aliases.Contains(name, StringComparer.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"Unknown sampler '{name}'. Known samplers: {string.Join(", ", All.Select(s => s.Name))}.", nameof(name));

    /// <summary>A sampler for one render; options it cannot use are refused rather than silently ignored.</summary>
    public static ISampler Create(string name, SchedulerConfig config, int steps, SamplerOptions? options = null)
    {
        options ??= new SamplerOptions();
        var sampler = Find(name);
        if (sampler.OptionProblem(options) is { } problem) throw new ArgumentException(problem.Message, problem.Option);
        return sampler.Create(config, steps, options);
    }
}

using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Pipelines;

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
    Func<SchedulerConfig, int, bool, double, ISampler> Create)
{
    /// <summary>An option this sampler cannot use, named as the render settings name it; null when all fit.</summary>
    public RenderRules.Problem? OptionProblem(bool karras, double eta)
    {
        if (karras && !UsesKarras)
            return new(nameof(RenderSettings.Karras), $"Karras sigmas apply to the k_ samplers; '{Name}' steps through timesteps.");
        if (eta != 0 && !UsesEta)
            return new(nameof(RenderSettings.Eta), $"Eta applies to ddim only, not to '{Name}'.");
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
            (c, n, karras, _) => new LmsSampler(c, n, karras)),
        new("ddim", ["Ddim"], "DDIMScheduler", "DDIM", 1, false, true, false,
            (c, n, _, eta) => new DdimSampler(c, n, eta)),
        new("plms", ["Plms", "Pndm"], "PNDMScheduler", "PLMS", 1, false, false, false,
            (c, n, _, _) => new PlmsSampler(c, n)),
        new("k_euler", ["Euler", "KEuler"], "EulerDiscreteScheduler", "Euler", 1, true, false, false,
            (c, n, karras, _) => new EulerSampler(c, n, karras)),
        new("k_euler_a", ["EulerAncestral", "KEulerA", "euler_ancestral"], "EulerAncestralDiscreteScheduler", "Euler a", 1, true, false, true,
            (c, n, karras, _) => new EulerAncestralSampler(c, n, karras)),
        new("k_heun", ["Heun", "KHeun"], "HeunDiscreteScheduler", "Heun", 2, true, false, false,
            (c, n, karras, _) => new HeunSampler(c, n, karras)),
        new("k_dpm_2", ["Dpm2", "KDpm2", "dpm_2"], "KDPM2DiscreteScheduler", "DPM2", 2, true, false, false,
            (c, n, karras, _) => new Dpm2Sampler(c, n, karras)),
        new("k_dpm_2_a", ["Dpm2Ancestral", "KDpm2A", "dpm_2_ancestral"], "KDPM2AncestralDiscreteScheduler", "DPM2 a", 2, true, false, true,
            (c, n, karras, _) => new Dpm2AncestralSampler(c, n, karras)),
        new("k_dpmpp_2m", ["DpmPlusPlus2M", "KDpmpp2M", "dpmpp_2m"], "DPMSolverMultistepScheduler", "DPM++ 2M", 1, true, false, false,
            (c, n, karras, _) => new DpmPlusPlus2MSampler(c, n, karras)),
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
    public static ISampler Create(string name, SchedulerConfig config, int steps, bool karras = false, double eta = 0)
    {
        var sampler = Find(name);
        if (sampler.OptionProblem(karras, eta) is { } problem) throw new RenderSettingException(problem.Setting, problem.Message);
        return sampler.Create(config, steps, karras, eta);
    }
}

using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// Makes a sampler for one render. The strength is the render's img2img strength: LCM picks its timesteps by it,
/// every other sampler ignores it here (the pipeline cuts their schedule with <see cref="ISampler.FirstStep"/>).
/// </summary>
public delegate ISampler SamplerFactory(SchedulerConfig config, int steps, bool karras, double eta, double strength);

/// <summary>A sampler a render can name, with what users of other tools call it.</summary>
/// <param name="Name">InvokeAI's name, the canonical one.</param>
/// <param name="Aliases">PascalCase and ComfyUI names that mean the same sampler.</param>
/// <param name="DiffusersClass">The diffusers scheduler class that does the same maths.</param>
/// <param name="A1111Name">The name AUTOMATIC1111's web UI shows.</param>
/// <param name="ModelCallsPerStep">UNet evaluations per step (Heun and DPM2 evaluate twice, but once on the last step).</param>
/// <param name="Ancestral">Whether steps draw fresh noise from the render's generator (k_euler_a, k_dpm_2_a, lcm).</param>
public sealed record SamplerInfo(
    string Name,
    IReadOnlyList<string> Aliases,
    string DiffusersClass,
    string A1111Name,
    int ModelCallsPerStep,
    bool UsesKarras,
    bool UsesEta,
    bool Ancestral,
    SamplerFactory Create)
{
    /// <summary>
    /// Whether img2img strength shortens the run to int(steps × strength) of the schedule (every sampler but lcm,
    /// which picks its own timesteps by strength and runs all of them, as diffusers' LCM img2img pipeline does).
    /// </summary>
    public bool StrengthCutsSteps => Name != "lcm";

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
            (c, n, karras, _, _) => new LmsSampler(c, n, karras)),
        new("ddim", ["Ddim"], "DDIMScheduler", "DDIM", 1, false, true, false,
            (c, n, _, eta, _) => new DdimSampler(c, n, eta)),
        new("plms", ["Plms", "Pndm"], "PNDMScheduler", "PLMS", 1, false, false, false,
            (c, n, _, _, _) => new PlmsSampler(c, n)),
        new("k_euler", ["Euler", "KEuler"], "EulerDiscreteScheduler", "Euler", 1, true, false, false,
            (c, n, karras, _, _) => new EulerSampler(c, n, karras)),
        new("k_euler_a", ["EulerAncestral", "KEulerA", "euler_ancestral"], "EulerAncestralDiscreteScheduler", "Euler a", 1, true, false, true,
            (c, n, karras, _, _) => new EulerAncestralSampler(c, n, karras)),
        new("k_heun", ["Heun", "KHeun"], "HeunDiscreteScheduler", "Heun", 2, true, false, false,
            (c, n, karras, _, _) => new HeunSampler(c, n, karras)),
        new("k_dpm_2", ["Dpm2", "KDpm2", "dpm_2"], "KDPM2DiscreteScheduler", "DPM2", 2, true, false, false,
            (c, n, karras, _, _) => new Dpm2Sampler(c, n, karras)),
        new("k_dpm_2_a", ["Dpm2Ancestral", "KDpm2A", "dpm_2_ancestral"], "KDPM2AncestralDiscreteScheduler", "DPM2 a", 2, true, false, true,
            (c, n, karras, _, _) => new Dpm2AncestralSampler(c, n, karras)),
        new("k_dpmpp_2m", ["DpmPlusPlus2M", "KDpmpp2M", "dpmpp_2m"], "DPMSolverMultistepScheduler", "DPM++ 2M", 1, true, false, false,
            (c, n, karras, _, _) => new DpmPlusPlus2MSampler(c, n, karras)),
        // For LCM-distilled models (timestep_cond UNets, LCM-LoRA merges): "lcm" is also ComfyUI's sampler_name.
        new("lcm", ["Lcm"], "LCMScheduler", "LCM", 1, false, false, true,
            (c, n, _, _, strength) => new LcmSampler(c, n, strength)),
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

    /// <summary>The sampler a name or alias means (any case); null for a name the catalogue does not know, or none.</summary>
    public static SamplerInfo? TryFind(string? name) =>
        name is not null && Names.Contains(name, StringComparer.OrdinalIgnoreCase) ? Find(name) : null;

    /// <summary>
    /// A sampler for one render; options it cannot use are refused rather than silently ignored.
    /// <paramref name="strength"/> is the render's img2img strength (LCM's timesteps depend on it; 1 starts from noise).
    /// </summary>
    public static ISampler Create(string name, SchedulerConfig config, int steps, bool karras = false, double eta = 0, double strength = 1)
    {
        var sampler = Find(name);
        if (sampler.OptionProblem(karras, eta) is { } problem) throw new RenderSettingException(problem.Setting, problem.Message);
        return sampler.Create(config, steps, karras, eta, strength);
    }
}

using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>The k-diffusion family by InvokeAI name, so one theory can run over all of them.</summary>
internal static class KSamplerCatalog
{
    public const string Lms = "k_lms";
    public const string Euler = "k_euler";
    public const string EulerAncestral = "k_euler_a";
    public const string Heun = "k_heun";
    public const string Dpm2 = "k_dpm_2";
    public const string Dpm2Ancestral = "k_dpm_2_a";
    public const string DpmPlusPlus2M = "k_dpmpp_2m";

    public static readonly string[] AllNames = [Lms, Euler, EulerAncestral, Heun, Dpm2, Dpm2Ancestral, DpmPlusPlus2M];

    public static ISampler Create(string name, SchedulerConfig config, int steps, bool useKarrasSigmas = false) => name switch
    {
        Lms => new LmsSampler(config, steps, useKarrasSigmas),
        Euler => new EulerSampler(config, steps, useKarrasSigmas),
        EulerAncestral => new EulerAncestralSampler(config, steps, useKarrasSigmas),
        Heun => new HeunSampler(config, steps, useKarrasSigmas),
        Dpm2 => new Dpm2Sampler(config, steps, useKarrasSigmas),
        Dpm2Ancestral => new Dpm2AncestralSampler(config, steps, useKarrasSigmas),
        DpmPlusPlus2M => new DpmPlusPlus2MSampler(config, steps, useKarrasSigmas),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a k-diffusion sampler."),
    };

    public static bool IsAncestral(string name) => name is EulerAncestral or Dpm2Ancestral;

    /// <summary>ModelCallsPerStep is on each class, not on ISampler.</summary>
    public static int ModelCallsPerStep(ISampler sampler) => sampler switch
    {
        LmsSampler lms => lms.ModelCallsPerStep,
        EulerSampler euler => euler.ModelCallsPerStep,
        EulerAncestralSampler eulerAncestral => eulerAncestral.ModelCallsPerStep,
        HeunSampler heun => heun.ModelCallsPerStep,
        Dpm2Sampler dpm2 => dpm2.ModelCallsPerStep,
        Dpm2AncestralSampler dpm2Ancestral => dpm2Ancestral.ModelCallsPerStep,
        DpmPlusPlus2MSampler dpmPlusPlus => dpmPlusPlus.ModelCallsPerStep,
        _ => throw new ArgumentOutOfRangeException(nameof(sampler), sampler.Name, "Not a k-diffusion sampler."),
    };

    /// <summary>Every name on its own, as xunit member data.</summary>
    public static IEnumerable<object[]> Names()
    {
        foreach (string name in AllNames) yield return [name];
    }

    /// <summary>Every name crossed with every row of <paramref name="rows"/>, as xunit member data.</summary>
    public static IEnumerable<object[]> CrossWith(params object[][] rows)
    {
        foreach (string name in AllNames)
            foreach (object[] row in rows)
                yield return [name, .. row];
    }
}

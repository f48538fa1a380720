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

    public static IScheduler Create(string name, SchedulerConfig config, int steps, bool useKarrasSigmas = false) => name switch
    {
        Lms => new LmsScheduler(config, steps, useKarrasSigmas),
        Euler => new EulerScheduler(config, steps, useKarrasSigmas),
        EulerAncestral => new EulerAncestralScheduler(config, steps, useKarrasSigmas),
        Heun => new HeunScheduler(config, steps, useKarrasSigmas),
        Dpm2 => new Dpm2Scheduler(config, steps, useKarrasSigmas),
        Dpm2Ancestral => new Dpm2AncestralScheduler(config, steps, useKarrasSigmas),
        DpmPlusPlus2M => new DpmPlusPlus2MScheduler(config, steps, useKarrasSigmas),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a k-diffusion sampler."),
    };

    public static bool IsAncestral(string name) => name is EulerAncestral or Dpm2Ancestral;

    /// <summary>ModelCallsPerStep is on each class, not on IScheduler.</summary>
    public static int ModelCallsPerStep(IScheduler scheduler) => scheduler switch
    {
        LmsScheduler lms => lms.ModelCallsPerStep,
        EulerScheduler euler => euler.ModelCallsPerStep,
        EulerAncestralScheduler eulerAncestral => eulerAncestral.ModelCallsPerStep,
        HeunScheduler heun => heun.ModelCallsPerStep,
        Dpm2Scheduler dpm2 => dpm2.ModelCallsPerStep,
        Dpm2AncestralScheduler dpm2Ancestral => dpm2Ancestral.ModelCallsPerStep,
        DpmPlusPlus2MScheduler dpmPlusPlus => dpmPlusPlus.ModelCallsPerStep,
        _ => throw new ArgumentOutOfRangeException(nameof(scheduler), scheduler.Name, "Not a k-diffusion sampler."),
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

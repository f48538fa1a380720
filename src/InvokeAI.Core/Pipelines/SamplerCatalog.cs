using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Pipelines;

/// <summary>The samplers a render can name, by InvokeAI's names.</summary>
public static class SamplerCatalog
{
    public const string Default = "k_lms";

    public static IReadOnlyList<string> Names { get; } = [Default];

    public static IScheduler Create(string name, SchedulerConfig config, int steps) => name.ToLowerInvariant() switch
    {
        "k_lms" => new LmsScheduler(config, steps),
        _ => throw new ArgumentException($"Unknown sampler '{name}'. Known samplers: {string.Join(", ", Names)}.", nameof(name)),
    };
}

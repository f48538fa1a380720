using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Models;

/// <summary>
/// How renders of a model step through time: the sampler they use unless told, and the values of the folder's
/// scheduler_config.json the samplers read, spelt as the file spells them.
/// </summary>
/// <param name="TimestepSpacing">leading, trailing or linspace; <see cref="EachSamplersDefault"/> when the file does not say.</param>
public sealed record SchedulerReport(
    string DefaultSampler,
    string PredictionType,
    string TimestepSpacing,
    int StepsOffset,
    string BetaSchedule,
    int TrainTimesteps)
{
    /// <summary>What a config without timestep_spacing means: every sampler keeps its own diffusers default.</summary>
    public const string EachSamplersDefault = "each sampler's default";

    public static SchedulerReport Of(SchedulerConfig config, string defaultSampler) => new(
        defaultSampler,
        SchedulerConfig.NameOf(config.PredictionType),
        config.TimestepSpacing is { } spacing ? SchedulerConfig.NameOf(spacing) : EachSamplersDefault,
        config.StepsOffset,
        SchedulerConfig.NameOf(config.BetaSchedule),
        config.NumTrainTimesteps);

    /// <summary>"k_lms, epsilon, leading spacing, steps offset 1".</summary>
    public override string ToString() =>
        $"{DefaultSampler}, {PredictionType}, {(TimestepSpacing == EachSamplersDefault ? TimestepSpacing : TimestepSpacing + " spacing")}, steps offset {StepsOffset}";
}

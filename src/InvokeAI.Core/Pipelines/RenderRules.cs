using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// The rules that tie a render's settings together, in one place: the pipeline enforces them, and cmdlets check
/// them before the first render so a bad combination stops the command with the parameter named.
/// </summary>
public static class RenderRules
{
    /// <summary>The longest schedule a render may ask for: SD's 1000 training timesteps, and -Steps' own limit.</summary>
    public const int MaxSteps = 1000;

    /// <summary>A broken rule: what is wrong, and the setting to change (named as the request and the cmdlets name it).</summary>
    public sealed record Problem(string Message, string Setting);

    /// <summary>The first rule the settings break, or null. An unknown sampler throws, as <see cref="SamplerCatalog.Find"/> does.</summary>
    public static Problem? Check(int steps, int? denoiseSteps, double strength, string sampler, SamplerOptions options)
    {
        if (denoiseSteps is not null && strength == 0)
            return new("At strength 0 no step is taken, so DenoiseSteps cannot be met.", "DenoiseSteps");
        if (denoiseSteps is int wanted && wanted > 0 && StrengthSchedule.TotalStepsFor(wanted, strength) > MaxSteps)
            return new($"{wanted} denoising steps at strength {strength} need a schedule of {StrengthSchedule.TotalStepsFor(wanted, strength)} steps, " +
                       $"more than {MaxSteps}: lower DenoiseSteps or raise the strength.", "DenoiseSteps");
        if (SamplerCatalog.Find(sampler).OptionProblem(options) is { } option)
            return new(option.Message, option.Option);
        if (denoiseSteps is null && strength > 0 && StrengthSchedule.StepsTaken(steps, strength) == 0)
            return new($"{steps} steps at strength {strength} take no denoising step: steps × strength must be at least 1 " +
                       "(few-step models such as SD-Turbo need more steps or a higher strength).", "Steps");
        return null;
    }
}

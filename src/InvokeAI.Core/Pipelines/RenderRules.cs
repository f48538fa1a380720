using System.Globalization;
using InvokeAI.Core.Prompts;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// What makes a render's settings usable, in one place: each number within its declared range
/// (<see cref="SettingRangeAttribute"/> on <see cref="RenderSettings"/>) and the rules that tie settings together. The
/// pipeline enforces them; <see cref="RenderSettingsResolver"/> checks them before the first render, so a bad
/// combination stops a command with the setting named.
/// </summary>
public static class RenderRules
{
    /// <summary>The longest schedule a render may ask for: SD's 1000 training timesteps.</summary>
    public const int MaxSteps = 1000;

    /// <summary>A broken rule: the setting to change (named as the settings and the cmdlets name it), and what is wrong.</summary>
    /// <param name="Cause">The error behind the problem, when one says more (a prompt's syntax error, with its column).</param>
    public sealed record Problem(string Setting, string Message, Exception? Cause = null);

    /// <summary>
    /// The first setting out of its range, or the first rule the settings break; null when they can render. Settings
    /// not stated are not checked, so give <see cref="RenderSettings.WithDefaults"/> to check a whole render.
    /// </summary>
    /// <param name="samplerKnown">
    /// False while the model may still choose the sampler (an LCM folder renders with lcm unless told otherwise):
    /// the rules of how strength cuts the steps wait until it is known.
    /// </param>
    public static Problem? Find(RenderSettings settings, bool samplerKnown = true)
    {
        foreach (string setting in RenderSettings.Names)
        {
            if (OutOfRange(setting, settings.ValueOf(setting)) is { } message) return new(setting, message);
        }
        if (settings.Sampler is { } name && !SamplerCatalog.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
            return new(nameof(RenderSettings.Sampler), $"Unknown sampler '{name}'. Known samplers: {string.Join(", ", SamplerCatalog.All.Select(s => s.Name))}.");
        foreach (var (seed, weight) in settings.Variations ?? [])
        {
            if (!(weight >= 0 && weight <= 1))
                return new(nameof(RenderSettings.Variations), string.Create(CultureInfo.InvariantCulture, $"The variation {seed}:{weight} has a weight outside 0 to 1."));
        }

        // The prompt is read only with its syntax known: a record's syntax may still come to a prompt given alone.
        if (settings is { Prompt: { } prompt, PromptSyntax: { } syntax })
        {
            try
            {
                ParsedPrompt.Parse(prompt, settings.NegativePrompt, syntax);
            }
            catch (PromptSyntaxException e)
            {
                return new(e.Role == PromptRole.Negative ? nameof(RenderSettings.NegativePrompt) : nameof(RenderSettings.Prompt), e.Message, e);
            }
        }
        if (settings.OriginalSize is { } original && !(SizeRange.Contains(original.Width) && SizeRange.Contains(original.Height)))
            return new(nameof(RenderSettings.OriginalSize), $"OriginalSize {original} is outside {SizeRange} pixels a side.");
        if (settings.CropTopLeft is { } crop && !(CropRange.Contains(crop.Top) && CropRange.Contains(crop.Left)))
            return new(nameof(RenderSettings.CropTopLeft), $"CropTopLeft {crop} is outside {CropRange} pixels.");
        bool strengthCutsSteps = samplerKnown && (settings.Sampler is not { } named || SamplerCatalog.Find(named).StrengthCutsSteps);
        if (settings is { Sampler: { } lcm, Strength: 0 } && !SamplerCatalog.Find(lcm).StrengthCutsSteps)
            return new(nameof(RenderSettings.Strength), $"'{lcm}' picks its timesteps by strength and needs a strength above 0.");

        if (settings.DenoiseSteps is int wanted && settings.Strength is double strength && strengthCutsSteps)
        {
            if (strength == 0)
                return new(nameof(RenderSettings.DenoiseSteps), "At strength 0 no step is taken, so DenoiseSteps cannot be met.");
            int total = StrengthSchedule.TotalStepsFor(wanted, strength);
            if (total > MaxSteps)
                return new(nameof(RenderSettings.DenoiseSteps), $"{wanted} denoising steps at strength {strength} need a schedule of {total} steps, " +
                                                                 $"more than {MaxSteps}: lower DenoiseSteps or raise the strength.");
        }
        if (settings.Sampler is { } sampler && SamplerCatalog.Find(sampler).OptionProblem(settings.Karras == true, settings.Eta ?? 0) is { } option)
            return option;
        if (settings is { DenoiseSteps: null, Steps: int steps, Strength: double s and > 0 } && StrengthSchedule.StepsTaken(steps, s) == 0
            && strengthCutsSteps)
            return new(nameof(RenderSettings.Steps), $"{steps} steps at strength {s} take no denoising step: steps × strength must be at least 1 " +
                                                     "(few-step models such as SD-Turbo need more steps or a higher strength).");
        return null;
    }

    // SDXL's size conditioning: sides as the render's own (Width, Height), a crop anywhere inside such a picture.
    private static readonly SettingRangeAttribute SizeRange = new(1, 8192), CropRange = new(0, 8192);

    /// <summary>Throws a <see cref="RenderSettingException"/> for the first problem <see cref="Find"/> finds.</summary>
    public static void Check(RenderSettings settings, SettingSource source = SettingSource.Given)
    {
        if (Find(settings) is { } problem) throw new RenderSettingException(problem.Setting, problem.Message, source, problem.Cause);
    }

    /// <summary>Why a setting's value is outside its declared range, or null when it is inside (or has no range).</summary>
    public static string? OutOfRange(string setting, object? value)
    {
        if (value is null || RenderSettings.RangeOf(setting) is not { } range) return null;
        double number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        return range.Contains(number) ? null : string.Create(CultureInfo.InvariantCulture, $"{setting} {value} is outside {range}.");
    }
}

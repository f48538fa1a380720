using System.Globalization;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Models;

/// <summary>
/// The settings a render of this model takes when the user states none: the family's own (<see cref="ModelFamily.RenderDefaults"/>)
/// over InvokeAI's (<see cref="RenderSettings.Defaults"/>).
/// </summary>
public sealed record ModelRenderDefaults(string Sampler, int Steps, double Strength, double CfgScale)
{
    public static ModelRenderDefaults Of(ModelFamily family)
    {
        var settings = family.RenderDefaults.Over(RenderSettings.Defaults);
        return new(settings.Sampler!, settings.Steps!.Value, settings.Strength!.Value, settings.CfgScale!.Value);
    }

    /// <summary>"k_lms, 50 steps, strength 0.75, cfg 7.5".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Sampler}, {Steps} steps, strength {Strength}, cfg {CfgScale}");
}

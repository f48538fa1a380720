using System.Management.Automation;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// -Metadata: repeat a render from what an image file records (Get-ImageMetadata). Every render parameter the
/// command line leaves out is taken from it; those given explicitly win. The model is not taken from it: it comes
/// from -Model, -Session or the default as always, since a recorded folder may not exist here.
/// </summary>
public abstract partial class RenderCmdlet
{
    [Parameter]
    [ValidateNotNull]
    public ImageMetadata? Metadata { get; set; }

    /// <summary>-Metadata supplied -WithVariations (null is a value there, so it cannot say so itself).</summary>
    private bool _variationsFromMetadata;

    /// <summary>
    /// Given on the command line. Only for BeginProcessing: once objects are piped in, BoundParameters also keeps
    /// the names of parameters an earlier object bound.
    /// </summary>
    private bool IsGiven(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

    /// <summary>
    /// Fills the parameters the command line left out from -Metadata, checking each value as its parameter's own
    /// validation would, then makes sure a prompt came from one or the other, unless piped objects may still bring
    /// one (-Prompt is not mandatory so that -Metadata or a piped object can supply it).
    /// </summary>
    private void ApplyMetadata()
    {
        if (Metadata is { } metadata)
        {
            var taken = new List<string>();
            void Take(string parameter, bool available, Action apply)
            {
                if (!available || IsGiven(parameter)) return;
                apply();
                taken.Add(parameter);
            }

            Take(nameof(Prompt), metadata.Prompt is not null, () => Prompt = metadata.Prompt!);
            Take(nameof(NegativePrompt), metadata.NegativePrompt is not null, () => NegativePrompt = metadata.NegativePrompt!);
            Take(nameof(Seed), metadata.Seed is not null, () =>
            {
                if (metadata.Seed > uint.MaxValue)
                    ThrowParameterError($"The metadata's seed {metadata.Seed} is above 4294967295, the largest seed renders take; give -Seed.", nameof(Metadata));
                Seed = (long)metadata.Seed!.Value;
            });
            // -DenoiseSteps chooses the schedule's length itself; the recorded length would contradict it.
            Take(nameof(Steps), metadata.Steps is not null && !IsGiven(nameof(DenoiseSteps)),
                () => Steps = (int)CheckRange(nameof(Steps), metadata.Steps!.Value, 1, 1000));
            Take(nameof(CfgScale), metadata.CfgScale is not null, () => CfgScale = CheckRange(nameof(CfgScale), metadata.CfgScale!.Value, 0, 100));
            Take(nameof(Strength), metadata.Strength is not null, () => Strength = CheckRange(nameof(Strength), metadata.Strength!.Value, 0, 1));
            Take(nameof(Sampler), metadata.Sampler is not null, () => Sampler = KnownSampler(metadata.Sampler!));
            // Karras and η only where the sampler in use takes them: an explicit -Sampler may not.
            var sampler = SamplerCatalog.Find(Sampler);
            Take(nameof(Karras), metadata.Karras == true && sampler.UsesKarras, () => Karras = true);
            Take(nameof(Eta), metadata.Eta is > 0 && sampler.UsesEta, () => Eta = CheckRange(nameof(Eta), metadata.Eta!.Value, 0, 1));
            Take(nameof(NoiseSource), metadata.NoiseSource is not null, () => NoiseSource = KnownNoiseSource(metadata.NoiseSource!));
            Take(nameof(Width), metadata.Width is not null, () => Width = (int)CheckRange(nameof(Width), metadata.Width!.Value, 64, 8192));
            Take(nameof(Height), metadata.Height is not null, () => Height = (int)CheckRange(nameof(Height), metadata.Height!.Value, 64, 8192));
            Take(nameof(WithVariations), metadata.Variations is { Count: > 0 }, () =>
            {
                WithVariations = metadata.Variations!.ToArray();
                _variationsFromMetadata = true;
            });
            WriteVerbose($"From the {metadata.Format} metadata{(metadata.Path is null ? "" : $" of '{metadata.Path}'")}: " +
                         (taken.Count == 0 ? "nothing (every parameter it has was given)." : string.Join(", ", taken) + "."));
        }

        // With pipeline input each object may still bring a Prompt; PrepareRecord checks then.
        if (Prompt is null && !SettingsMayBePiped) ThrowPromptMissing();
    }

    private double CheckRange(string parameter, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
            ThrowParameterError($"The metadata's {parameter} {value} is outside {min} to {max}; give -{parameter}.", nameof(Metadata));
        return value;
    }

    private string KnownSampler(string name)
    {
        if (!SamplerCatalog.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
            ThrowParameterError($"The metadata names the sampler '{name}', which renders here do not have; give -Sampler " +
                                $"({string.Join(", ", SamplerCatalog.All.Select(s => s.Name))}).", nameof(Metadata));
        return SamplerCatalog.Find(name).Name;
    }

    private NoiseSource KnownNoiseSource(string name)
    {
        if (!Enum.TryParse(name, ignoreCase: true, out NoiseSource source) || !Enum.IsDefined(source))
            ThrowParameterError($"The metadata's noise source '{name}' is not Cpu or Cuda; give -NoiseSource.", nameof(Metadata));
        return source;
    }
}

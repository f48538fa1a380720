using System.Management.Automation;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// -Metadata: repeat a render from what an image file records (Get-ImageMetadata). Every render parameter the
/// command line leaves out is taken from it; those given explicitly win. The model is not taken from it: it comes
/// from -Model, -Session or the default as always, since a recorded folder may not exist here. An inpainting's
/// mask settings come too, and its -Mask file when it still exists. What the record cannot bring back (the init
/// image, a mask image object, the model) is checked after each render, with a warning when it differs.
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
            Take(nameof(InvertMask), metadata.InvertMask == true, () => InvertMask = true);
            Take(nameof(MaskBlur), metadata.MaskBlur is not null, () => MaskBlur = (int)CheckRange(nameof(MaskBlur), metadata.MaskBlur!.Value, 0, 64));
            // BeginProcessing reads -Mask after this, so a restored mask file is read like a given one.
            Take(nameof(Mask), CanReadRecordedMask(metadata), () => Mask = new InitImageSource(new FileInfo(metadata.MaskPath!)));
            WriteVerbose($"From the {metadata.Format} metadata{(metadata.Path is null ? "" : $" of '{metadata.Path}'")}: " +
                         (taken.Count == 0 ? "nothing (every parameter it has was given)." : string.Join(", ", taken) + "."));
        }

        // With pipeline input each object may still bring a Prompt; PrepareRecord checks then.
        if (Prompt is null && !SettingsMayBePiped) ThrowPromptMissing();
    }

    /// <summary>
    /// True when the record's render used a -Mask file that still exists and no -Mask was given; warns when it used
    /// a mask that cannot be read again, since the render will then not repeat it.
    /// </summary>
    private bool CanReadRecordedMask(ImageMetadata metadata)
    {
        if (metadata.MaskSource != MaskSources.Mask || IsGiven(nameof(Mask))) return false;
        if (metadata.MaskPath is { } path && File.Exists(path)) return true;
        WriteWarning(metadata.MaskPath is null
            ? "The recorded render used a -Mask image object, which the record cannot bring back: give -Mask to repeat it."
            : $"The recorded render's mask '{metadata.MaskPath}' no longer exists: give -Mask to repeat it.");
        return false;
    }

    /// <summary>The kinds of difference from the record already told in this command, each told once.</summary>
    private readonly HashSet<ReRenderDifferenceKind> _differencesTold = [];

    /// <summary>
    /// After a render from -Metadata: warns when it may not have the recorded render's pixels (another init image,
    /// mask or model; see <see cref="ReRenderDifferences"/>). Intermediate steps are not checked, only the finished
    /// image. Each kind of difference is told once per command: applying one record to a folder of sketches is
    /// normal, and a warning per sketch would bury any other.
    /// </summary>
    protected DiffusionImage CheckedAgainstMetadata(DiffusionImage image)
    {
        if (Metadata is null || image.Step is not null) return image;
        var differences = ReRenderDifferences.Between(Metadata, image).Where(d => _differencesTold.Add(d.Kind)).ToList();
        if (differences.Count > 0)
            WriteWarning($"This render does not repeat the one recorded{(Metadata.Path is null ? "" : $" in '{Metadata.Path}'")}, " +
                         $"so its pixels may differ from it: {string.Join("; ", differences)}.");
        return image;
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

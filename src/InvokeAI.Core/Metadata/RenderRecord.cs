using System.Reflection;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// The module's own account of a render: every parameter that made the image, so that the same model and the same
/// init image make it again. Saved beside InvokeAI's formats (which cannot hold Karras, η, the noise source or the
/// model folder) as JSON, under <see cref="RenderRecordJson.Keyword"/>. A value the image does not have is null.
/// </summary>
public sealed record RenderRecord
{
    /// <summary>Raised when a field changes meaning; readers of an older version still read what they know.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Marks the JSON as this record where the container has no keyword to say so (an EXIF comment).</summary>
    public string Format { get; init; } = MetadataFormats.InvokeAIPowerShell;
    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public string? ModuleVersion { get; init; }
    public string? Prompt { get; init; }
    public string? NegativePrompt { get; init; }
    public uint? Seed { get; init; }
    public IReadOnlyList<SeedWeight>? Variations { get; init; }
    /// <summary>The schedule's length (what -DenoiseSteps chose, when it was used), so the same steps run again.</summary>
    public int? Steps { get; init; }
    public int? StepsTaken { get; init; }
    public double? Strength { get; init; }
    public double? CfgScale { get; init; }
    public string? Sampler { get; init; }
    public bool? Karras { get; init; }
    public double? Eta { get; init; }
    public string? NoiseSource { get; init; }
    /// <summary>The render's size; not recorded for intermediate steps, whose pictures can be smaller than the render.</summary>
    public int? Width { get; init; }
    public int? Height { get; init; }
    public ModelReference? Model { get; init; }
    public string? Provider { get; init; }
    public InitImageReference? InitImage { get; init; }
    public string? MaskHash { get; init; }
    public bool? Inpainted { get; init; }
    /// <summary>
    /// An inpainting's mask settings; null when the render did not inpaint, and in records written before they were
    /// kept (a re-render from those uses its own settings: not inverted, a blur of 4, unless given).
    /// </summary>
    public string? MaskSource { get; init; }
    public string? MaskPath { get; init; }
    public bool? InvertMask { get; init; }
    public int? MaskBlur { get; init; }
    public int? Step { get; init; }

    /// <summary>The version of this module, as the manifest has it (without the build's source revision).</summary>
    public static string CurrentModuleVersion { get; } =
        (typeof(RenderRecord).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    public static RenderRecord From(DiffusionImage image)
    {
        bool intermediate = image.Step is not null;
        return new RenderRecord
        {
            ModuleVersion = CurrentModuleVersion,
            Prompt = image.Prompt,
            NegativePrompt = image.NegativePrompt,
            Seed = image.Seed,
            Variations = image.Variations,
            Steps = image.Steps,
            StepsTaken = image.StepsTaken,
            Strength = image.Strength,
            CfgScale = image.CfgScale,
            Sampler = image.Sampler,
            Karras = image.Karras,
            Eta = image.Eta,
            NoiseSource = image.NoiseSource,
            Width = intermediate ? null : image.Width,
            Height = intermediate ? null : image.Height,
            Model = image.Model is null ? null : new ModelReference(ModelReference.NameOf(image.Model), image.Model),
            Provider = image.Provider,
            InitImage = image.SourcePath is null && image.InitImageHash is null ? null : new InitImageReference(image.SourcePath, image.InitImageHash),
            MaskHash = image.MaskHash,
            Inpainted = image.Inpainted,
            MaskSource = image.MaskSource,
            MaskPath = image.MaskPath,
            InvertMask = image.InvertMask,
            MaskBlur = image.MaskBlur,
            Step = image.Step,
        };
    }

    public ImageMetadata ToMetadata(string? sourceText = null) => new()
    {
        Format = MetadataFormats.InvokeAIPowerShell,
        Prompt = Prompt,
        NegativePrompt = NegativePrompt,
        Seed = Seed,
        Steps = Steps,
        CfgScale = CfgScale,
        Strength = Strength,
        Sampler = Sampler,
        Width = Width,
        Height = Height,
        Variations = Variations ?? [],
        ModelName = Model?.Name,
        Karras = Karras,
        Eta = Eta,
        NoiseSource = NoiseSource,
        StepsTaken = StepsTaken,
        ModelPath = Model?.Path,
        Provider = Provider,
        InitImagePath = InitImage?.Path,
        InitImageHash = InitImage?.Hash,
        MaskHash = MaskHash,
        Inpainted = Inpainted,
        MaskSource = MaskSource,
        MaskPath = MaskPath,
        InvertMask = InvertMask,
        MaskBlur = MaskBlur,
        Step = Step,
        ModuleVersion = ModuleVersion,
        SourceText = sourceText,
    };
}

/// <summary>The model folder that rendered an image, and its name (the folder's own name).</summary>
public sealed record ModelReference(string? Name, string? Path)
{
    public static string NameOf(string folder) =>
        System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(folder));
}

/// <summary>The init image's file (when it came from one) and the SHA-256 of its pixels as rendered.</summary>
public sealed record InitImageReference(string? Path, string? Hash);

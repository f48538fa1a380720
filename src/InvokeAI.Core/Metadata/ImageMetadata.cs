using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// What an image file says about the render that made it, whichever tool wrote it, in this module's terms: the
/// <see cref="Settings"/> it states (sampler names are ours where we have the sampler: A1111's "DPM++ 2M Karras" is
/// k_dpmpp_2m with Karras; prompts are split into prompt and negative prompt; a setting the file does not state is
/// null), and what else it knows of the render. What Get-ImageMetadata writes and -Metadata takes. Each setting is
/// also a property of the record (<c>metadata.Seed</c>), generated to read through to <see cref="Settings"/>.
/// </summary>
[ShowsRenderSettings]
public sealed partial record ImageMetadata
{
    /// <summary>Who wrote it: <see cref="MetadataFormats"/>' names (InvokeAI.PowerShell, InvokeAI, A1111, ComfyUI).</summary>
    public required string Format { get; init; }
    /// <summary>
    /// What the record is of: a render, or one of the other lines InvokeAI 2.x wrote into its Dream chunk (a !fix or
    /// !mask command, the placeholder of a step image), which state no render settings and cannot be re-rendered.
    /// </summary>
    public RecordKind Kind { get; init; } = RecordKind.Render;
    /// <summary>The version of the app that wrote an InvokeAI record as it wrote it ("v1.15", "v2.2.0", "3.0.2"); null when unstated.</summary>
    public string? AppVersion { get; init; }
    /// <summary>The file it was read from.</summary>
    public string? Path { get; init; }
    public RenderSettings Settings { get; init; } = RenderSettings.None;
    /// <summary>
    /// The model's name as the tool recorded it (a checkpoint file name, a model id, our model folder's name). Not
    /// called Model: piped into a render cmdlet or Get-PromptToken that name would bind by property name to -Model,
    /// which takes a model folder, and fail for every object. The folder itself, when recorded, is ModelPath.
    /// </summary>
    public string? ModelName { get; init; }

    // Only the module's own record holds these, and InvokeAI's the init image's path and hash.
    public string? ModelPath { get; init; }
    public string? Provider { get; init; }
    public int? StepsTaken { get; init; }
    public string? InitImagePath { get; init; }
    /// <summary>
    /// The record carried its init image inline (InvokeAI's web UI wrote a data: URI into the Dream line): there is no
    /// path to read it from, and its content is left out of this object.
    /// </summary>
    public bool? InitImageEmbedded { get; init; }
    public string? InitImageHash { get; init; }
    public bool? Inpainted { get; init; }
    public string? MaskHash { get; init; }
    /// <summary>An inpainting's mask: Transparency (the init image's) or Mask (an explicit mask image, from MaskPath when a file).</summary>
    public MaskSource? MaskSource { get; init; }
    public string? MaskPath { get; init; }
    /// <summary>The denoising step an intermediate image shows; null for a finished render.</summary>
    public int? Step { get; init; }
    public string? ModuleVersion { get; init; }

    /// <summary>
    /// The text it was read from, for what the properties leave out (A1111's extra settings, a whole ComfyUI graph);
    /// an embedded init image's data is left out of it.
    /// </summary>
    public string? SourceText { get; init; }

    /// <summary>
    /// What the reader found the user should know of: where InvokeAI's Dream line and sd-metadata disagree, which one
    /// was taken. Get-ImageMetadata writes them as warnings.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>What the recorded render used that a re-render here does not apply (InvokeAI 3's clip skip, LoRAs, ...), in words.</summary>
    public IReadOnlyList<string> NotApplied { get; init; } = [];

    /// <summary>What the record says of itself when it is not a render, for the error that refuses to re-render it.</summary>
    public string? Description { get; init; }

    public override string ToString() => Kind == RecordKind.Render
        ? $"{Format} '{Settings.Prompt}' seed {Settings.Seed}"
        : $"{Format} {Kind}: {Description}";
}

/// <summary>What an image's record is of: only a <see cref="Render"/> can be rendered again.</summary>
public enum RecordKind
{
    Render,
    /// <summary>InvokeAI's !fix: face restoration, upscaling or outcropping applied to an existing image.</summary>
    Postprocessing,
    /// <summary>InvokeAI's !mask: a preview of the mask a text prompt selects (-tm) in an image.</summary>
    Mask,
    /// <summary>A line InvokeAI wrote instead of a command, such as the "&lt;too lazy to implement&gt;" of its step images.</summary>
    Placeholder,
    /// <summary>Any other of InvokeAI's ! commands.</summary>
    Command,
}

/// <summary>The names <see cref="ImageMetadata.Format"/> takes.</summary>
public static class MetadataFormats
{
    public const string InvokeAIPowerShell = "InvokeAI.PowerShell";
    public const string InvokeAI = "InvokeAI";
    public const string A1111 = "A1111";
    public const string ComfyUI = "ComfyUI";
}

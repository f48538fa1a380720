using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// The render parameters an image file carries, whichever tool wrote them, in this module's terms: sampler names
/// are ours (A1111's "DPM++ 2M Karras" is k_dpmpp_2m with <see cref="Karras"/>), prompts are split into prompt and
/// negative prompt. A value the file does not state is null. What Get-ImageMetadata writes and -Metadata takes.
/// </summary>
public sealed record ImageMetadata
{
    /// <summary>Who wrote it: <see cref="MetadataFormats"/>' names (InvokeAI.PowerShell, InvokeAI, A1111, ComfyUI).</summary>
    public required string Format { get; init; }
    /// <summary>The file it was read from.</summary>
    public string? Path { get; init; }

    public string? Prompt { get; init; }
    public string? NegativePrompt { get; init; }
    /// <summary>Wide enough for any tool's seed (ComfyUI's go to 2^64 − 1); renders here take 0 to 4294967295.</summary>
    public ulong? Seed { get; init; }
    public int? Steps { get; init; }
    public double? CfgScale { get; init; }
    public double? Strength { get; init; }
    /// <summary>Our name when the sampler is one we have; otherwise the writing tool's own name, as it wrote it.</summary>
    public string? Sampler { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    /// <summary>The seed:weight variations applied to the seed's noise; empty when the file says there were none.</summary>
    public IReadOnlyList<SeedWeight>? Variations { get; init; }
    /// <summary>
    /// The model's name as the tool recorded it (a checkpoint file name, a model id, our model folder's name). Not
    /// called Model: piped into a render cmdlet or Get-PromptToken that name would bind by property name to -Model,
    /// which takes a model folder, and fail for every object. The folder itself, when recorded, is ModelPath.
    /// </summary>
    public string? ModelName { get; init; }

    public bool? Karras { get; init; }
    public double? Eta { get; init; }
    /// <summary>The generator the seed drove, as <see cref="Noise.NoiseSource"/> names it (Cpu or Cuda).</summary>
    public string? NoiseSource { get; init; }

    // Only the module's own record holds these.
    public int? StepsTaken { get; init; }
    public string? ModelPath { get; init; }
    public string? Provider { get; init; }
    public string? InitImagePath { get; init; }
    public string? InitImageHash { get; init; }
    public string? MaskHash { get; init; }
    public bool? Inpainted { get; init; }
    /// <summary>An inpainting's mask: Transparency (the init image's) or Mask (an explicit mask image, from MaskPath when a file).</summary>
    public string? MaskSource { get; init; }
    public string? MaskPath { get; init; }
    public bool? InvertMask { get; init; }
    public int? MaskBlur { get; init; }
    /// <summary>The denoising step an intermediate image shows; null for a finished render.</summary>
    public int? Step { get; init; }
    public string? ModuleVersion { get; init; }

    /// <summary>The text it was read from, for what the properties leave out (A1111's extra settings, a whole ComfyUI graph).</summary>
    public string? SourceText { get; init; }

    public override string ToString() => $"{Format} '{Prompt}' seed {Seed}";
}

/// <summary>The names <see cref="ImageMetadata.Format"/> takes.</summary>
public static class MetadataFormats
{
    public const string InvokeAIPowerShell = "InvokeAI.PowerShell";
    public const string InvokeAI = "InvokeAI";
    public const string A1111 = "A1111";
    public const string ComfyUI = "ComfyUI";
}

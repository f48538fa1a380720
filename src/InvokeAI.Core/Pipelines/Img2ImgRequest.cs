using InvokeAI.Core.Imaging;
using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Pipelines;

/// <summary>Everything one img2img render needs besides the model. Defaults are InvokeAI 2.x's.</summary>
public sealed record Img2ImgRequest
{
    public required string Prompt { get; init; }
    public string NegativePrompt { get; init; } = string.Empty;
    public required RgbaImage InitImage { get; init; }
    /// <summary>Where the init image came from, recorded on the result (null for in-memory images).</summary>
    public string? SourcePath { get; init; }
    /// <summary>0 keeps the init image (no step is taken), 1 ignores it (starts from pure noise).</summary>
    public double Strength { get; init; } = 0.75;
    public int Steps { get; init; } = 50;
    /// <summary>
    /// When set, the number of steps to actually take: the total becomes the smallest that takes exactly this many at
    /// <see cref="Strength"/> (the img2img guide's "compensating for the reduced step count"), replacing <see cref="Steps"/>.
    /// </summary>
    public int? DenoiseSteps { get; init; }
    public double CfgScale { get; init; } = 7.5;
    /// <summary>Null picks a seed and reports it on the result.</summary>
    public uint? Seed { get; init; }
    public string Sampler { get; init; } = SamplerCatalog.Default;
    public SamplerOptions SamplerOptions { get; init; } = new();
    /// <summary>Which PyTorch generator the seed drives: the CPU one (diffusers, ComfyUI) or A1111's CUDA emulation.</summary>
    public NoiseSource NoiseSource { get; init; } = NoiseSource.Cpu;
    /// <summary>Output size; null takes the init image's. Either way rounded down to a multiple of 64.</summary>
    public int? Width { get; init; }
    public int? Height { get; init; }
    /// <summary>
    /// InvokeAI's --fit: shrink the init image to fit inside Width × Height keeping its aspect ratio (never
    /// enlarging), instead of resizing it to exactly Width × Height.
    /// </summary>
    public bool Fit { get; init; }
}

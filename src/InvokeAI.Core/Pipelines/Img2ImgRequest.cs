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

    /// <summary>
    /// Variations already applied to the seed's noise, in order (InvokeAI's -V seed:weight,...): reproduces a variant.
    /// </summary>
    public IReadOnlyList<SeedWeight> WithVariations { get; init; } = [];
    /// <summary>
    /// A new variation on top of <see cref="WithVariations"/>: slerp this far (0..1) toward the noise of
    /// <see cref="VariationSeed"/> (InvokeAI's -v). 0 makes no variation.
    /// </summary>
    public double VariationAmount { get; init; }
    /// <summary>The seed of the new variation's noise; required when <see cref="VariationAmount"/> is above 0.</summary>
    public uint? VariationSeed { get; init; }

    /// <summary>
    /// An explicit inpainting mask, white = repaint (luminance, so grey repaints partly); null uses the init image's
    /// transparency (transparent = repaint). Resized to the render size.
    /// </summary>
    public RgbaImage? Mask { get; init; }
    /// <summary>The file <see cref="Mask"/> came from, recorded on the result so a re-render can read it again (null for an image object).</summary>
    public string? MaskPath { get; init; }
    /// <summary>Repaint what the mask would keep and keep what it would repaint.</summary>
    public bool InvertMask { get; init; }
    /// <summary>Pixels over which the repainted region blends into the kept original at its edge.</summary>
    public int MaskBlur { get; init; } = 4;
}

namespace InvokeAI.Core.Imaging;

/// <summary>
/// An image with the parameters that made it: what renders emit and what Save-Image writes. Render properties
/// are null for images that were not rendered (e.g. loaded from a file).
/// </summary>
public sealed class DiffusionImage
{
    public required RgbaImage Pixels { get; init; }
    public int Width => Pixels.Width;
    public int Height => Pixels.Height;
    public string? Prompt { get; init; }
    public string? NegativePrompt { get; init; }
    public uint? Seed { get; init; }
    public double? Strength { get; init; }
    public int? Steps { get; init; }
    public int? StepsTaken { get; init; }
    /// <summary>The denoising step this image shows, for intermediate images (Get-LatentSteps); null for a finished render.</summary>
    public int? Step { get; init; }
    /// <summary>The model timestep the step ran at (for step 0, the one the first step will run at); null for a finished render.</summary>
    public double? Timestep { get; init; }
    /// <summary>The noise level σ the step started from (for step 0, the level of the noised init latent); null for a finished render.</summary>
    public double? Sigma { get; init; }
    public double? CfgScale { get; init; }
    public string? Sampler { get; init; }
    /// <summary>Karras σ spacing was used (k_ samplers).</summary>
    public bool? Karras { get; init; }
    /// <summary>DDIM's η (0 for every other sampler).</summary>
    public double? Eta { get; init; }
    /// <summary>The generator the seed drove: Cpu or Cuda.</summary>
    public string? NoiseSource { get; init; }
    /// <summary>The variations applied to the seed's noise (seed:weight pairs), empty or null when none.</summary>
    public IReadOnlyList<InvokeAI.Core.Noise.SeedWeight>? Variations { get; init; }
    /// <summary>True when only a masked region was repainted (inpainting).</summary>
    public bool? Inpainted { get; init; }
    /// <summary>SHA-256 of the init image's pixels as rendered (after resizing), lower-case hex.</summary>
    public string? InitImageHash { get; init; }
    /// <summary>SHA-256 of the inpainting mask on the render grid, when one was used.</summary>
    public string? MaskHash { get; init; }
    // The mask's settings, for inpaintings only: without them the same init image and mask repaint differently.
    /// <summary>Where the mask came from: <see cref="MaskSources"/>' Transparency or Mask.</summary>
    public string? MaskSource { get; init; }
    /// <summary>The explicit mask's file, when it came from one.</summary>
    public string? MaskPath { get; init; }
    /// <summary>The mask was inverted (repaint what it keeps).</summary>
    public bool? InvertMask { get; init; }
    /// <summary>Pixels over which the repainted region blended into the kept original.</summary>
    public int? MaskBlur { get; init; }
    /// <summary>The init image's file, when it came from one.</summary>
    public string? SourcePath { get; init; }
    /// <summary>The model folder that rendered it.</summary>
    public string? Model { get; init; }
    public string? Provider { get; init; }
    public TimeSpan? Duration { get; init; }

    public override string ToString() =>
        Prompt is null ? $"{Width}×{Height} image" : $"{Width}×{Height} '{Prompt}' seed {Seed}";
}

using InvokeAI.Core.Imaging;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// A render's result: its pixels, the settings that made them, and what the render found out on the way (the steps
/// it took, whether it inpainted, the hashes of its inputs, the model). What renders emit, what Save-Image writes and
/// what the PowerShell view shows with the settings' properties alongside its own. An image that was not rendered (read
/// from a file, resized) has only pixels, <see cref="RenderSettings.None"/> and perhaps its <see cref="SourcePath"/>.
/// Each setting is also a property of the image (<c>image.Seed</c>), generated to read through to <see cref="Settings"/>;
/// <see cref="Width"/> and <see cref="Height"/> stay the size of these pixels.
/// </summary>
[ShowsRenderSettings]
public sealed partial record DiffusionImage
{
    public required RgbaImage Pixels { get; init; }
    /// <summary>The size of these pixels (a step preview's can be smaller than the render's <see cref="RenderSettings.Width"/>).</summary>
    public int Width => Pixels.Width;
    public int Height => Pixels.Height;
    /// <summary>The settings that made the image, as the render resolved them (the seed it chose, the size it rendered at).</summary>
    public RenderSettings Settings { get; init; } = RenderSettings.None;
    /// <summary>Steps the render took (steps × strength).</summary>
    public int? StepsTaken { get; init; }
    /// <summary>The denoising step this image shows, for intermediate images (Get-LatentSteps); null for a finished render.</summary>
    public int? Step { get; init; }
    /// <summary>The model timestep the step ran at (for step 0, the one the first step will run at); null for a finished render.</summary>
    public double? Timestep { get; init; }
    /// <summary>The noise level σ the step started from (for step 0, the level of the noised init latent); null for a finished render.</summary>
    public double? Sigma { get; init; }
    /// <summary>True when only a masked region was repainted (inpainting).</summary>
    public bool? Inpainted { get; init; }
    /// <summary>SHA-256 of the init image's pixels as rendered (after resizing), lower-case hex.</summary>
    public string? InitImageHash { get; init; }
    /// <summary>SHA-256 of the inpainting mask on the render grid, when one was used.</summary>
    public string? MaskHash { get; init; }
    /// <summary>Where an inpainting's mask came from: a re-render needs the same one.</summary>
    public MaskSource? MaskSource { get; init; }
    /// <summary>The explicit mask's file, when it came from one (so a re-render can read it again).</summary>
    public string? MaskPath { get; init; }
    /// <summary>The init image's file, when it came from one.</summary>
    public string? SourcePath { get; init; }
    /// <summary>The model folder that rendered it.</summary>
    public string? Model { get; init; }
    public string? Provider { get; init; }
    public TimeSpan? Duration { get; init; }

    /// <summary>
    /// A new image of these pixels carrying what all <paramref name="images"/> agree on (a grid of one render's steps
    /// keeps its seed and prompt, so Save-Image names it by the seed); the rest stays unset.
    /// </summary>
    public static DiffusionImage Combined(IReadOnlyList<DiffusionImage> images, RgbaImage pixels)
    {
        T? Same<T>(Func<DiffusionImage, T?> value) =>
            images.Count > 0 && images.All(i => EqualityComparer<T?>.Default.Equals(value(i), value(images[0]))) ? value(images[0]) : default;

        return new DiffusionImage
        {
            Pixels = pixels,
            Settings = RenderSettings.Shared(images.Select(i => i.Settings).ToList()),
            StepsTaken = Same(i => i.StepsTaken),
            Step = Same(i => i.Step),
            Timestep = Same(i => i.Timestep),
            Sigma = Same(i => i.Sigma),
            Inpainted = Same(i => i.Inpainted),
            InitImageHash = Same(i => i.InitImageHash),
            MaskHash = Same(i => i.MaskHash),
            MaskSource = Same(i => i.MaskSource),
            MaskPath = Same(i => i.MaskPath),
            SourcePath = Same(i => i.SourcePath),
            Model = Same(i => i.Model),
            Provider = Same(i => i.Provider),
            Duration = Same(i => i.Duration),
        };
    }

    public override string ToString() =>
        Settings.Prompt is null ? $"{Width}×{Height} image" : $"{Width}×{Height} '{Settings.Prompt}' seed {Settings.Seed}";
}

/// <summary>Where an inpainting's mask came from; only an explicit mask can be read again from its file.</summary>
public enum MaskSource
{
    /// <summary>The init image's transparent pixels.</summary>
    Transparency,

    /// <summary>An explicit mask image (-Mask); <see cref="DiffusionImage.MaskPath"/> names its file when it came from one.</summary>
    Mask,
}

using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;

namespace InvokeAI.Core.Pipelines;

/// <summary>Pictures of latents: approximate (a linear map per latent cell) or decoded by the model's VAE.</summary>
public static class LatentPreview
{
    /// <summary>A [1, C, h, w] latent as a w×h image through <paramref name="map"/> (default: SD 1.x/2.x's factors).</summary>
    public static RgbaImage Approximate(float[] latent, int latentWidth, int latentHeight, LatentRgbMap? map = null) =>
        (map ?? LatentRgbMap.StableDiffusion).Apply(latent, latentWidth, latentHeight);

    /// <summary>
    /// A latent of <paramref name="model"/> as a w×h image through the map that fits the model's VAE (found once
    /// per model by encoding colour patches, see <see cref="LatentRgbCalibration"/>).
    /// </summary>
    public static RgbaImage Approximate(DiffusionModel model, float[] latent, int latentWidth, int latentHeight,
        CancellationToken cancel = default)
    {
        using var lease = model.AcquireRender();
        return Approximate(latent, latentWidth, latentHeight, LatentRgbCalibration.For(model, cancel));
    }

    /// <summary>The map <see cref="Approximate(DiffusionModel, float[], int, int, CancellationToken)"/> uses for the model.</summary>
    public static LatentRgbMap MapFor(DiffusionModel model, CancellationToken cancel = default)
    {
        using var lease = model.AcquireRender();
        return LatentRgbCalibration.For(model, cancel);
    }

    /// <summary>
    /// A scaled [1, 4, h, w] latent decoded by the model's VAE: an image of 8w × 8h pixels. <paramref name="tiled"/>
    /// as the render setting Tiled: decode in overlapping tiles (true), whole (false), or tiled above
    /// <see cref="VaeTiling.DefaultPixelBudget"/> pixels (null).
    /// </summary>
    public static RgbaImage Decode(DiffusionModel model, float[] latent, int latentWidth, int latentHeight,
        CancellationToken cancel = default, bool? tiled = null)
    {
        using var lease = model.AcquireRender();
        bool tiles = VaeTiling.ShouldTile(tiled, latentWidth * VaeTiling.Factor, latentHeight * VaeTiling.Factor);
        var (pixels, width, height) = model.VaeDecoder.Decode(latent, latentWidth, latentHeight, tiles, cancel);
        return ImageTensors.FromTensor(pixels, width, height);
    }
}

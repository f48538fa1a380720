using System.Runtime.CompilerServices;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// Which latent → RGB map previews a model's latents. The published SD 1.x/2.x factors only describe that VAE, and
/// nothing in a model folder says whether a VAE is one of those (the demo model's is not), so the model is asked:
/// flat colour patches go through its VAE encoder, and the published factors are kept when they reproduce the
/// patches about as well as a map fitted to them; otherwise the fitted map is used. Once per model.
/// </summary>
internal static class LatentRgbCalibration
{
    /// <summary>Patch side in pixels: 8×8 latent cells, of which the inner 4×4 are read, clear of edge effects.</summary>
    private const int PatchSize = 64;

    /// <summary>
    /// How much worse (RMS, in [-1, 1] colour units, about 6 of 255 levels) the published factors may be than the
    /// fitted map and still be preferred: they were made from real pictures, the fit only from flat patches.
    /// </summary>
    private const double PublishedFactorsTolerance = 0.05;

    private static readonly ConditionalWeakTable<DiffusionModel, LatentRgbMap> Maps = new();

    public static LatentRgbMap For(DiffusionModel model, CancellationToken cancel)
    {
        if (Maps.TryGetValue(model, out var known)) return known;
        var map = Calibrate(model, cancel);
        Maps.AddOrUpdate(model, map);
        return map;
    }

    private static LatentRgbMap Calibrate(DiffusionModel model, CancellationToken cancel)
    {
        var cells = new List<float[]>();
        var colours = new List<(float R, float G, float B)>();
        foreach (var (r, g, b) in PatchColours())
        {
            var patch = SolidImage(r, g, b);
            float[] tensor = ImageTensors.ToTensor(patch);
            float[] latent = model.VaeEncoder.Encode(tensor, PatchSize, PatchSize, posteriorNoise: null, cancel);
            cells.Add(InnerMean(latent, PatchSize / 8));
            // The colour as the encoder saw it: bytes → [-1, 1] exactly as ToTensor maps them.
            colours.Add((tensor[0], tensor[PatchSize * PatchSize], tensor[2 * PatchSize * PatchSize]));
        }
        var fitted = LatentRgbMapFitting.Fit(cells, colours);
        var published = LatentRgbMap.StableDiffusion;
        return published.Channels == fitted.Channels
               && published.RmsError(cells, colours) <= fitted.RmsError(cells, colours) + PublishedFactorsTolerance
            ? published
            : fitted;
    }

    /// <summary>The corners, edge midpoints and centre of the RGB cube: 27 colours, greys among them.</summary>
    private static IEnumerable<(byte R, byte G, byte B)> PatchColours()
    {
        byte[] levels = [0, 128, 255];
        foreach (byte r in levels)
        foreach (byte g in levels)
        foreach (byte b in levels)
            yield return (r, g, b);
    }

    private static RgbaImage SolidImage(byte r, byte g, byte b)
    {
        var image = new RgbaImage(PatchSize, PatchSize);
        for (int i = 0; i < image.Pixels.Length; i += 4)
        {
            image.Pixels[i] = r;
            image.Pixels[i + 1] = g;
            image.Pixels[i + 2] = b;
            image.Pixels[i + 3] = 255;
        }
        return image;
    }

    /// <summary>The mean of each channel over the inner half of a square latent.</summary>
    private static float[] InnerMean(float[] latent, int side)
    {
        int plane = side * side, channels = latent.Length / plane, from = side / 4, to = side - side / 4;
        var mean = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int y = from; y < to; y++)
            for (int x = from; x < to; x++)
                sum += latent[c * plane + y * side + x];
            mean[c] = (float)(sum / ((to - from) * (to - from)));
        }
        return mean;
    }
}

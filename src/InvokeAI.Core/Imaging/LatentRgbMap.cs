namespace InvokeAI.Core.Imaging;

/// <summary>
/// A linear map from one latent cell's channels to an RGB colour in [-1, 1]: the cheap latent preview that needs
/// no VAE. Each cell of the 1/8 latent grid becomes one pixel, so a 512×512 render previews as 64×64.
/// </summary>
public sealed class LatentRgbMap
{
    private readonly float[] _factors;
    private readonly float[] _bias;

    /// <summary>Latent channels the map reads.</summary>
    public int Channels { get; }

    /// <param name="factors">Channels × 3 weights, row-major: row c says how much channel c adds to R, G and B.</param>
    /// <param name="bias">The R, G, B offsets, or null for none.</param>
    public LatentRgbMap(float[] factors, float[]? bias = null)
    {
        if (factors.Length == 0 || factors.Length % 3 != 0)
            throw new ArgumentException($"The factors need 3 values (R, G, B) per latent channel, not {factors.Length} values.", nameof(factors));
        if (bias is not null && bias.Length != 3)
            throw new ArgumentException($"The bias needs 3 values (R, G, B), not {bias.Length}.", nameof(bias));
        _factors = (float[])factors.Clone();
        _bias = bias is null ? new float[3] : (float[])bias.Clone();
        Channels = factors.Length / 3;
    }

    /// <summary>
    /// The factors InvokeAI 2.x previews SD 1.x/2.x latents with (sampling.md). They describe that VAE's latent
    /// space only; another VAE needs its own map (see <see cref="LatentRgbMapFitting"/>).
    /// </summary>
    public static LatentRgbMap StableDiffusion { get; } = new(
    [
        0.3444f, 0.1385f, 0.0670f,
        0.1247f, 0.4027f, 0.1494f,
        -0.3192f, 0.2513f, 0.2103f,
        -0.1307f, -0.1874f, -0.7445f,
    ]);

    /// <summary>The colour of one latent cell, each component in about [-1, 1] (not clamped).</summary>
    public (float R, float G, float B) MapCell(ReadOnlySpan<float> channels)
    {
        if (channels.Length != Channels)
            throw new ArgumentException($"This map reads {Channels} latent channels, not {channels.Length}.", nameof(channels));
        float r = _bias[0], g = _bias[1], b = _bias[2];
        for (int c = 0; c < Channels; c++)
        {
            r += channels[c] * _factors[3 * c];
            g += channels[c] * _factors[3 * c + 1];
            b += channels[c] * _factors[3 * c + 2];
        }
        return (r, g, b);
    }

    /// <summary>
    /// A [1, C, h, w] latent as an opaque w×h image: each cell mapped to RGB, then (x + 1)/2 clamped to [0, 1]
    /// and scaled to bytes with rounding, as every other tensor → image conversion of the project.
    /// </summary>
    public RgbaImage Apply(ReadOnlySpan<float> latent, int latentWidth, int latentHeight)
    {
        int plane = checked(latentWidth * latentHeight);
        if (latentWidth <= 0 || latentHeight <= 0 || latent.Length != Channels * plane)
            throw new ArgumentException(
                $"A {latentWidth}×{latentHeight} latent of {Channels} channels has {Channels * Math.Max(plane, 0)} values, not {latent.Length}.", nameof(latent));
        var rgb = new float[3 * plane];
        Span<float> cell = stackalloc float[Channels];
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < Channels; c++) cell[c] = latent[c * plane + i];
            var (r, g, b) = MapCell(cell);
            rgb[i] = r;
            rgb[plane + i] = g;
            rgb[2 * plane + i] = b;
        }
        return ImageTensors.FromTensor(rgb, latentWidth, latentHeight);
    }

    /// <summary>Root-mean-square error of the map's colours against the expected ones, in [-1, 1] units.</summary>
    public double RmsError(IReadOnlyList<float[]> cells, IReadOnlyList<(float R, float G, float B)> colours)
    {
        double sum = 0;
        for (int n = 0; n < cells.Count; n++)
        {
            var (r, g, b) = MapCell(cells[n]);
            sum += Square(r - colours[n].R) + Square(g - colours[n].G) + Square(b - colours[n].B);
        }
        return Math.Sqrt(sum / (3.0 * cells.Count));
    }

    private static double Square(double value) => value * value;
}

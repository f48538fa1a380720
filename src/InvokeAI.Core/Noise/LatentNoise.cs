namespace InvokeAI.Core.Noise;

/// <summary>
/// The initial noise a render with a given seed starts from: the first randn(1, C, H/8, W/8) of a freshly seeded
/// generator, in NCHW order. Exposed so users can inspect it or hand it to another tool.
/// </summary>
public sealed class LatentNoise
{
    /// <summary>[1, channels, height/8, width/8].</summary>
    public int[] Shape { get; }
    public float[] Data { get; }
    public uint Seed { get; }
    public NoiseSource NoiseSource { get; }

    private LatentNoise(int[] shape, float[] data, uint seed, NoiseSource source)
    {
        Shape = shape;
        Data = data;
        Seed = seed;
        NoiseSource = source;
    }

    /// <param name="width">Image width in pixels, a multiple of 8 (the latent is 1/8 of the image).</param>
    /// <param name="height">Image height in pixels, a multiple of 8.</param>
    public static LatentNoise Create(uint seed, int width, int height, int channels = 4, NoiseSource source = NoiseSource.Cpu)
    {
        if (width < 8 || width % 8 != 0) throw new ArgumentOutOfRangeException(nameof(width), width, "Width must be a positive multiple of 8.");
        if (height < 8 || height % 8 != 0) throw new ArgumentOutOfRangeException(nameof(height), height, "Height must be a positive multiple of 8.");
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be at least 1.");
        int[] shape = [1, channels, height / 8, width / 8];
        var data = NoiseGenerators.Create(source, seed).Randn(checked(channels * (height / 8) * (width / 8)));
        return new LatentNoise(shape, data, seed, source);
    }

    public override string ToString() => $"[{string.Join(", ", Shape)}] seed {Seed} ({NoiseSource})";
}

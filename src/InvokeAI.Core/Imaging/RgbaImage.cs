namespace InvokeAI.Core.Imaging;

/// <summary>
/// The project's own pixel buffer: 8-bit RGBA, row-major, no library types. Everything that crosses a layer
/// boundary (pipeline results, cmdlet outputs) carries this, so ImageSharp stays an implementation detail.
/// </summary>
public sealed class RgbaImage
{
    public int Width { get; }
    public int Height { get; }
    /// <summary>Width × Height × 4 bytes: R, G, B, A.</summary>
    public byte[] Pixels { get; }

    public RgbaImage(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"An image must be at least 1×1, not {width}×{height}.");
        if (pixels.Length != checked(width * height * 4))
            throw new ArgumentException($"A {width}×{height} RGBA image has {width * height * 4} bytes, not {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public RgbaImage(int width, int height) : this(width, height, new byte[checked(width * height * 4)]) { }

    /// <summary>True when any pixel is not fully opaque (for img2img: a region to repaint).</summary>
    public bool HasTransparency()
    {
        for (int i = 3; i < Pixels.Length; i += 4)
            if (Pixels[i] != 255) return true;
        return false;
    }

    public override string ToString() => $"{Width}×{Height}";
}

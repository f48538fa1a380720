using InvokeAI.Core.Imaging;

namespace InvokeAI.Core.Pipelines.Inpainting;

/// <summary>
/// Which pixels of the render to repaint: one byte per pixel at the render size, 0 = keep, 255 = repaint, values
/// between repaint partly. Bytes rather than floats so the mask is exact, comparable and hashable (MaskHash).
/// </summary>
internal sealed class InpaintMask
{
    /// <summary>Pixels per latent cell along each side, as in every SD VAE.</summary>
    public const int LatentCell = 8;

    public int Width { get; }
    public int Height { get; }
    /// <summary>Width × Height bytes, row-major: how much of each pixel to repaint.</summary>
    public byte[] Repaint { get; }

    private InpaintMask(int width, int height, byte[] repaint)
    {
        Width = width;
        Height = height;
        Repaint = repaint;
    }

    /// <summary>
    /// The mask an image's transparency makes: m = 1 − α/255, so transparent pixels are repainted, opaque ones
    /// kept and half-transparent ones half repainted.
    /// </summary>
    public static InpaintMask FromAlpha(RgbaImage image)
    {
        var repaint = new byte[image.Width * image.Height];
        for (int p = 0; p < repaint.Length; p++) repaint[p] = (byte)(255 - image.Pixels[4 * p + 3]);
        return new InpaintMask(image.Width, image.Height, repaint);
    }

    /// <summary>
    /// The mask a mask image makes: white repaints, black keeps, grey repaints partly. The luminance is Rec. 601's
    /// in 16-bit fixed point (PIL's "L" conversion, which InvokeAI used), so white is exactly 255 and black 0.
    /// The mask image's alpha is not used.
    /// </summary>
    public static InpaintMask FromLuminance(RgbaImage image)
    {
        var repaint = new byte[image.Width * image.Height];
        byte[] px = image.Pixels;
        for (int p = 0; p < repaint.Length; p++)
            repaint[p] = (byte)((px[4 * p] * 19595 + px[4 * p + 1] * 38470 + px[4 * p + 2] * 7471 + 0x8000) >> 16);
        return new InpaintMask(image.Width, image.Height, repaint);
    }

    /// <summary>Everything repainted: what an inpainting UNet is given when no mask was asked for.</summary>
    public static InpaintMask RepaintAll(int width, int height)
    {
        var repaint = new byte[width * height];
        Array.Fill(repaint, (byte)255);
        return new InpaintMask(width, height, repaint);
    }

    public InpaintMask Inverted()
    {
        var repaint = new byte[Repaint.Length];
        for (int p = 0; p < repaint.Length; p++) repaint[p] = (byte)(255 - Repaint[p]);
        return new InpaintMask(Width, Height, repaint);
    }

    /// <summary>How much of pixel <paramref name="pixel"/> (row-major index) to repaint, 0..1.</summary>
    public float Amount(int pixel) => Repaint[pixel] / 255f;

    /// <summary>True when no pixel is repainted at all: the render can only give back the init image.</summary>
    public bool KeepsEverything => Array.TrueForAll(Repaint, value => value == 0);

    /// <summary>SHA-256 of the mask bytes, lower-case hex (DiffusionImage.MaskHash).</summary>
    public string Hash => Sha256Hex.Of(Repaint);

    /// <summary>
    /// The mask on the latent grid, [h/8, w/8] values in 0..1: the mean of each 8×8 pixel block. InvokeAI 2.x took
    /// the nearest pixel instead; the mean was chosen because a latent cell describes its whole block, so a block
    /// the hole covers by a quarter is repainted by a quarter: the repaint fades over one cell at the hole's edge
    /// rather than jumping at whichever cell boundary one sampled pixel happens to pick, and partial alpha carries
    /// through unchanged (a block of α = 128 gives 127/255). The pixels outside the hole are restored exactly by the
    /// final composite either way.
    /// </summary>
    public float[] ToLatentGrid()
    {
        int cellsX = Width / LatentCell, cellsY = Height / LatentCell;
        var grid = new float[cellsX * cellsY];
        for (int cy = 0; cy < cellsY; cy++)
        for (int cx = 0; cx < cellsX; cx++)
        {
            int sum = 0;
            for (int y = cy * LatentCell; y < (cy + 1) * LatentCell; y++)
            for (int x = cx * LatentCell; x < (cx + 1) * LatentCell; x++)
                sum += Repaint[y * Width + x];
            grid[cy * cellsX + cx] = sum / (255f * LatentCell * LatentCell);
        }
        return grid;
    }
}

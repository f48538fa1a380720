using InvokeAI.Core.Imaging;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>Init images with holes, and mask images, for the inpainting tests.</summary>
internal static class InpaintImages
{
    /// <summary>A warm picture (red to yellow, left to right) that a "blue" prompt visibly changes.</summary>
    public static RgbaImage Warm(int width = 64, int height = 64) =>
        DemoModelFixture.Gradient(width, height, (220, 60, 40), (240, 200, 40));

    /// <summary>
    /// A copy of <paramref name="image"/> whose rectangle has alpha <paramref name="alpha"/>: the colour stays under
    /// it, as a well-saved file keeps it, unless <paramref name="blackUnderneath"/> (as many editors save erased pixels).
    /// </summary>
    public static RgbaImage WithHole(RgbaImage image, PixelRect hole, byte alpha = 0, bool blackUnderneath = false)
    {
        var copy = new RgbaImage(image.Width, image.Height, (byte[])image.Pixels.Clone());
        foreach (int p in PixelsOf(hole, image.Width))
        {
            copy.Pixels[4 * p + 3] = alpha;
            if (blackUnderneath) copy.Pixels[4 * p] = copy.Pixels[4 * p + 1] = copy.Pixels[4 * p + 2] = 0;
        }
        return copy;
    }

    /// <summary>An opaque mask image: <paramref name="inside"/> grey in the rectangle, <paramref name="outside"/> elsewhere.</summary>
    public static RgbaImage Mask(int width, int height, PixelRect region, byte inside = 255, byte outside = 0)
    {
        var mask = new RgbaImage(width, height);
        for (int p = 0; p < width * height; p++)
        {
            byte value = Contains(region, p % width, p / width) ? inside : outside;
            mask.Pixels[4 * p] = mask.Pixels[4 * p + 1] = mask.Pixels[4 * p + 2] = value;
            mask.Pixels[4 * p + 3] = 255;
        }
        return mask;
    }

    public static bool Contains(PixelRect rect, int x, int y) =>
        x >= rect.X && x < rect.X + rect.Width && y >= rect.Y && y < rect.Y + rect.Height;

    /// <summary>Row-major pixel indices of a rectangle.</summary>
    public static IEnumerable<int> PixelsOf(PixelRect rect, int imageWidth)
    {
        for (int y = rect.Y; y < rect.Y + rect.Height; y++)
        for (int x = rect.X; x < rect.X + rect.Width; x++)
            yield return y * imageWidth + x;
    }

    /// <summary>Mean of |a − b| over the RGB of the given pixels.</summary>
    public static double MeanDifference(RgbaImage a, RgbaImage b, IEnumerable<int> pixels)
    {
        var list = pixels.ToList();
        return list.Average(p => Enumerable.Range(0, 3).Average(c => (double)Math.Abs(a.Pixels[4 * p + c] - b.Pixels[4 * p + c])));
    }

    /// <summary>Mean blue minus red over the given pixels: how far they lean toward "blue".</summary>
    public static double Blueness(RgbaImage image, IEnumerable<int> pixels) =>
        pixels.Average(p => (double)image.Pixels[4 * p + 2] - image.Pixels[4 * p]);
}

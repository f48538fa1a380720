using InvokeAI.Core.Imaging;
using InvokeAI.Core.Pipelines.Inpainting;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>
/// The final composite: kept pixels are the init image's exactly, the hole the render's, and the blend at the
/// hole's edge (MaskBlur) lies inside the hole only.
/// </summary>
public sealed class InpaintCompositeTests
{
    private const int Size = 40;
    private static readonly PixelRect Hole = new(10, 10, 20, 20);

    private static RgbaImage Flat(byte value, byte alpha = 255)
    {
        var image = new RgbaImage(Size, Size);
        for (int p = 0; p < Size * Size; p++)
        {
            image.Pixels[4 * p] = image.Pixels[4 * p + 1] = image.Pixels[4 * p + 2] = value;
            image.Pixels[4 * p + 3] = alpha;
        }
        return image;
    }

    private static RgbaImage ComposeHole(int blur, byte alpha = 0) =>
        InpaintComposite.Compose(InpaintImages.WithHole(Flat(100), Hole, alpha), Flat(200),
            InpaintMask.FromAlpha(InpaintImages.WithHole(Flat(100), Hole, alpha)), blur);

    private static byte Red(RgbaImage image, int x, int y) => image.Pixels[4 * (y * Size + x)];

    [Fact]
    public void PixelsOutsideTheHoleAreTheInitImagesAndTheOutputIsOpaque()
    {
        var output = ComposeHole(blur: 4);

        for (int y = 0; y < Size; y++)
        for (int x = 0; x < Size; x++)
        {
            int i = 4 * (y * Size + x);
            if (!InpaintImages.Contains(Hole, x, y)) Assert.Equal(100, output.Pixels[i]);
            Assert.Equal(255, output.Pixels[i + 3]);
        }
    }

    [Fact]
    public void TheEdgeBlendStaysInsideTheHole()
    {
        var output = ComposeHole(blur: 4);

        // Along a row through the hole's middle: the kept pixel just outside, then a rising blend over the first
        // four pixels inside, then the render.
        int y = 20;
        Assert.Equal(100, Red(output, 9, y));
        byte[] ramp = [.. Enumerable.Range(10, 5).Select(x => Red(output, x, y))];
        Assert.Equal([120, 140, 160, 180, 200], ramp);
        Assert.Equal(200, Red(output, 20, y));
        // The same inward fade from the far side.
        Assert.Equal(120, Red(output, 29, y));
        Assert.Equal(100, Red(output, 30, y));
    }

    [Fact]
    public void TheBlendFollowsTheEuclideanDistanceToTheKeptRegion()
    {
        // Everything repainted except one kept pixel at (20, 20).
        var mask = InpaintMask.FromLuminance(InpaintImages.Mask(Size, Size, new PixelRect(20, 20, 1, 1), inside: 0, outside: 255));

        var output = InpaintComposite.Compose(Flat(100), Flat(200), mask, blur: 4);

        Assert.Equal(100, Red(output, 20, 20));
        // (22, 21) is √5 ≈ 2.24 from it: weight 2.24/5 (a city-block distance would give 3/5, a chessboard one 2/5).
        Assert.Equal(145, Red(output, 22, 21));
        Assert.Equal(200, Red(output, 25, 20));
        Assert.Equal(200, Red(output, 0, 0));
    }

    [Fact]
    public void NoBlurGivesAHardEdge()
    {
        var output = ComposeHole(blur: 0);

        Assert.Equal(100, Red(output, 9, 20));
        Assert.Equal(200, Red(output, 10, 20));
    }

    [Fact]
    public void APartiallyTransparentHoleIsBlendedByItsMask()
    {
        // α 128 repaints 127/255 of each pixel; away from the edge that is the whole weight.
        var output = ComposeHole(blur: 4, alpha: 128);

        Assert.Equal((byte)Math.Round(100 + 100 * 127 / 255.0), Red(output, 20, 20));
        Assert.Equal(100, Red(output, 5, 5));
    }

    [Fact]
    public void AMaskThatKeepsEverythingGivesTheInitImageExactly()
    {
        var init = InpaintImages.Warm(Size, Size);
        var keepAll = InpaintMask.FromLuminance(InpaintImages.Mask(Size, Size, new PixelRect(0, 0, 1, 1), inside: 0));

        var output = InpaintComposite.Compose(init, Flat(7), keepAll, blur: 4);

        Assert.Equal(init.Pixels, output.Pixels);
    }
}

using InvokeAI.Core.Imaging;

namespace InvokeAI.Core.Tests.Imaging;

public sealed class ImageFittingTests
{
    [Theory]
    // mode, source, target, multiple, allowUpscale → result, upscale refused
    [InlineData(ResizeMode.Fit, 1024, 768, 512, 512, 64, false, 512, 384, false)]
    [InlineData(ResizeMode.Fit, 768, 1024, 512, 512, 64, false, 384, 512, false)]
    [InlineData(ResizeMode.Fit, 700, 500, 512, 512, 64, false, 512, 320, false)]     // 512×365, 365 rounds down to 320
    [InlineData(ResizeMode.Fit, 700, 500, 512, 512, 8, false, 512, 360, false)]      // 365 rounds down to 360
    [InlineData(ResizeMode.Fit, 1000, 800, 500, 500, 64, false, 448, 384, false)]    // fitted to 500×400 before rounding
    [InlineData(ResizeMode.Fit, 300, 200, 512, 512, 64, false, 256, 192, true)]      // not enlarged, only rounded down
    [InlineData(ResizeMode.Fit, 300, 200, 512, 512, 64, true, 512, 320, false)]      // 512×341 rounded down
    [InlineData(ResizeMode.Fit, 512, 300, 512, 512, 64, false, 512, 256, false)]     // touches the box: nothing to refuse
    [InlineData(ResizeMode.Stretch, 500, 375, 512, 512, 64, false, 448, 320, true)]
    [InlineData(ResizeMode.Stretch, 500, 375, 512, 512, 64, true, 512, 512, false)]
    [InlineData(ResizeMode.Stretch, 500, 375, 512, 512, 8, false, 496, 368, true)]
    [InlineData(ResizeMode.Stretch, 1024, 768, 512, 512, 64, false, 512, 512, false)]
    [InlineData(ResizeMode.Stretch, 1024, 300, 512, 512, 64, false, 512, 256, true)] // the short side is not enlarged
    [InlineData(ResizeMode.Stretch, 1024, 768, 600, 500, 64, false, 576, 448, false)]
    [InlineData(ResizeMode.Pad, 700, 500, 512, 512, 64, false, 512, 512, false)]
    [InlineData(ResizeMode.Pad, 300, 200, 512, 512, 64, false, 512, 512, true)]
    [InlineData(ResizeMode.Pad, 1024, 768, 500, 500, 64, false, 448, 448, false)]
    [InlineData(ResizeMode.Pad, 1024, 768, 500, 500, 8, false, 496, 496, false)]
    public void GivesTheExpectedSize(ResizeMode mode, int sourceWidth, int sourceHeight, int width, int height, int multiple, bool allowUpscale,
        int expectedWidth, int expectedHeight, bool expectedRefused)
    {
        var fitted = ImageFitting.Resize(new RgbaImage(sourceWidth, sourceHeight), width, height, mode, multiple, allowUpscale);
        Assert.Equal((expectedWidth, expectedHeight), (fitted.Image.Width, fitted.Image.Height));
        Assert.Equal(expectedRefused, fitted.WasUpscaleRefused);
    }

    [Theory]
    [InlineData(ResizeMode.Fit)]
    [InlineData(ResizeMode.Stretch)]
    public void WithoutPaddingTheContentIsTheWholeImage(ResizeMode mode)
    {
        var fitted = ImageFitting.Resize(new RgbaImage(700, 500), 512, 512, mode);
        Assert.Equal(new PixelRect(0, 0, fitted.Image.Width, fitted.Image.Height), fitted.Content);
    }

    [Fact]
    public void PadFitsTheImageUnroundedAndCentresIt()
    {
        var fitted = ImageFitting.Resize(new RgbaImage(700, 500), 512, 512, ResizeMode.Pad);
        // 700×500 fits 512×512 as 512×365: only the canvas is rounded, so no row of the image is lost to rounding.
        Assert.Equal(new PixelRect(0, 73, 512, 365), fitted.Content);
    }

    [Fact]
    public void PadWithoutUpscaleCentresTheImageAtItsOwnSize()
    {
        var fitted = ImageFitting.Resize(new RgbaImage(300, 200), 512, 512, ResizeMode.Pad);
        Assert.Equal(new PixelRect(106, 156, 300, 200), fitted.Content);
    }

    [Fact]
    public void PadKeepsTheImagePixelsAndRepeatsItsEdgesOpaquely()
    {
        // 128×64 fits 128×128 as it is, so its pixels must arrive unresampled in rows 32..95.
        var source = Numbered(128, 64);
        var fitted = ImageFitting.Resize(source, 128, 128, ResizeMode.Pad);
        Assert.Equal(new PixelRect(0, 32, 128, 64), fitted.Content);
        Assert.Equal(Row(source, 0), Row(fitted.Image, 32));
        Assert.Equal(Row(source, 63), Row(fitted.Image, 95));
        Assert.Equal(Row(source, 0), Row(fitted.Image, 0));      // top border: the first row repeated
        Assert.Equal(Row(source, 63), Row(fitted.Image, 127));   // bottom border: the last row repeated
    }

    [Fact]
    public void PadBorderIsOpaqueEvenBesideTransparentEdges()
    {
        // A transparent border would read as "repaint here"; only the image's own transparency may stay.
        var source = new RgbaImage(64, 64);   // all zero: fully transparent black
        var fitted = ImageFitting.Resize(source, 128, 64, ResizeMode.Pad);
        Assert.Equal(new PixelRect(32, 0, 64, 64), fitted.Content);
        for (int y = 0; y < 64; y++)
        for (int x = 0; x < 128; x++)
        {
            byte alpha = fitted.Image.Pixels[4 * (y * 128 + x) + 3];
            bool inContent = x >= 32 && x < 96;
            Assert.Equal(inContent ? 0 : 255, alpha);
        }
    }

    [Fact]
    public void AlphaSurvivesAResize()
    {
        // Opaque 256×256 with a fully transparent 128×128 top-left block, halved by Lanczos-3.
        var source = new RgbaImage(256, 256);
        for (int y = 0; y < 256; y++)
        for (int x = 0; x < 256; x++)
        {
            int i = 4 * (y * 256 + x);
            source.Pixels[i] = (byte)x;
            source.Pixels[i + 1] = (byte)y;
            source.Pixels[i + 2] = 90;
            source.Pixels[i + 3] = x < 128 && y < 128 ? (byte)0 : (byte)255;
        }
        var fitted = ImageFitting.Resize(source, 128, 128, ResizeMode.Fit);
        Assert.Equal((128, 128), (fitted.Image.Width, fitted.Image.Height));
        // Away from the block's edge (where the filter blends the two) transparency and opacity are exact.
        Assert.Equal(0, Alpha(fitted.Image, 10, 10));
        Assert.Equal(0, Alpha(fitted.Image, 55, 55));
        Assert.Equal(255, Alpha(fitted.Image, 100, 100));
        Assert.Equal(255, Alpha(fitted.Image, 10, 100));
        Assert.Equal(255, Alpha(fitted.Image, 100, 10));
    }

    [Fact]
    public void AnImageAlreadyTheRightSizeKeepsItsPixels()
    {
        var source = Numbered(512, 384);
        var fitted = ImageFitting.Resize(source, 512, 512, ResizeMode.Fit);
        Assert.Equal(source.Pixels, fitted.Image.Pixels);
        Assert.False(fitted.WasUpscaleRefused);
    }

    [Fact]
    public void MultipleOf8AllowsSmallTargets()
    {
        var fitted = ImageFitting.Resize(new RgbaImage(100, 50), 40, 40, ResizeMode.Fit, multiple: 8);
        Assert.Equal((40, 16), (fitted.Image.Width, fitted.Image.Height));   // 40×20, 20 rounds down to 16
    }

    [Theory]
    [InlineData(40, 512, 64, "width")]
    [InlineData(512, 63, 64, "height")]
    [InlineData(7, 512, 8, "width")]
    public void ATargetSmallerThanTheMultipleIsRefused(int width, int height, int multiple, string parameter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ImageFitting.Resize(new RgbaImage(1024, 1024), width, height, ResizeMode.Fit, multiple));
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains($"smaller than {multiple}", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageFitting.RoundTarget(width, height, multiple));
    }

    [Fact]
    public void RoundTargetRoundsEachSideDown()
    {
        Assert.Equal((448, 512), ImageFitting.RoundTarget(500, 575));
        Assert.Equal((496, 568), ImageFitting.RoundTarget(500, 575, 8));
    }

    [Fact]
    public void AnImageThatWouldFallUnderTheMultipleIsRefused()
    {
        // A 2000×100 strip fitted into 512×512 is 512×25: no multiple of 64 is left on its short side.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ImageFitting.Resize(new RgbaImage(2000, 100), 512, 512, ResizeMode.Fit));
        Assert.Contains("512×25", e.Message);
    }

    [Fact]
    public void ATinyImageNotAllowedToGrowSaysHowToEnlargeIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ImageFitting.Resize(new RgbaImage(300, 40), 512, 512, ResizeMode.Fit));
        Assert.Contains("upscaling", e.Message);
        var enlarged = ImageFitting.Resize(new RgbaImage(300, 40), 512, 512, ResizeMode.Fit, allowUpscale: true);
        Assert.Equal((512, 64), (enlarged.Image.Width, enlarged.Image.Height));   // 512×68 rounded down
    }

    [Fact]
    public void AMultipleUnderOneIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageFitting.Resize(new RgbaImage(64, 64), 64, 64, ResizeMode.Fit, multiple: 0));

    /// <summary>Every pixel distinct, opaque: R and G from x, B from y.</summary>
    private static RgbaImage Numbered(int width, int height)
    {
        var image = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            int i = 4 * (y * width + x);
            image.Pixels[i] = (byte)x;
            image.Pixels[i + 1] = (byte)(x >> 8);
            image.Pixels[i + 2] = (byte)y;
            image.Pixels[i + 3] = 255;
        }
        return image;
    }

    private static byte[] Row(RgbaImage image, int y) => image.Pixels.AsSpan(4 * y * image.Width, 4 * image.Width).ToArray();

    private static byte Alpha(RgbaImage image, int x, int y) => image.Pixels[4 * (y * image.Width + x) + 3];
}

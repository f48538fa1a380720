using InvokeAI.Core.Imaging;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Pipelines.Inpainting;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>Where the mask comes from (transparency, a mask image, inverted) and how it lands on the latent grid.</summary>
public sealed class InpaintMaskTests
{
    [Fact]
    public void ATestImageWithAKnownHoleGivesTheExpectedLatentMask()
    {
        // 32×32 pixels = 4×4 latent cells. The hole covers cell (1, 1) entirely, the left half of cell (3, 0),
        // and one 4×4 corner (a quarter) of cell (0, 3).
        var image = InpaintImages.Warm(32, 32);
        image = InpaintImages.WithHole(image, new PixelRect(8, 8, 8, 8));
        image = InpaintImages.WithHole(image, new PixelRect(24, 0, 4, 8));
        image = InpaintImages.WithHole(image, new PixelRect(0, 28, 4, 4));

        float[] grid = InpaintMask.FromAlpha(image).ToLatentGrid();

        float[] expected =
        [
            0, 0, 0, 0.5f,
            0, 1, 0, 0,
            0, 0, 0, 0,
            0.25f, 0, 0, 0,
        ];
        Assert.Equal(expected, grid);
    }

    [Fact]
    public void PartialAlphaGivesAPartialMask()
    {
        var image = InpaintImages.WithHole(InpaintImages.Warm(16, 16), new PixelRect(0, 0, 8, 16), alpha: 64);

        var mask = InpaintMask.FromAlpha(image);

        // m = 1 − α/255: α 64 repaints 191/255 of the pixel, α 255 nothing.
        Assert.Equal(191, mask.Repaint[0]);
        Assert.Equal(0, mask.Repaint[15]);
        Assert.Equal([191f / 255, 0f, 191f / 255, 0f], mask.ToLatentGrid());
    }

    [Fact]
    public void AMaskImageRepaintsWhiteKeepsBlackAndGreyPartly()
    {
        var white = InpaintImages.Mask(8, 8, new PixelRect(0, 0, 4, 8), inside: 255, outside: 0);
        var grey = InpaintImages.Mask(8, 8, new PixelRect(0, 0, 8, 8), inside: 128);

        Assert.Equal(255, InpaintMask.FromLuminance(white).Repaint[0]);
        Assert.Equal(0, InpaintMask.FromLuminance(white).Repaint[7]);
        Assert.All(InpaintMask.FromLuminance(grey).Repaint, value => Assert.Equal(128, value));
    }

    [Fact]
    public void TheMaskImagesLuminanceWeighsGreenMostAndIgnoresItsAlpha()
    {
        var image = new RgbaImage(3, 1, [255, 0, 0, 0, 0, 255, 0, 255, 0, 0, 255, 17]);

        var mask = InpaintMask.FromLuminance(image);

        // Rec. 601: red 0.299, green 0.587, blue 0.114 of white.
        Assert.Equal([76, 150, 29], mask.Repaint);
    }

    [Fact]
    public void InvertingSwapsRepaintAndKeep()
    {
        var image = InpaintImages.WithHole(InpaintImages.Warm(8, 8), new PixelRect(0, 0, 4, 8), alpha: 100);

        var inverted = InpaintMask.FromAlpha(image).Inverted();

        Assert.Equal(100, inverted.Repaint[0]);
        Assert.Equal(255, inverted.Repaint[7]);
    }

    [Fact]
    public void TheHashIsTheSha256OfTheMaskBytesInLowerCaseHex()
    {
        var mask = InpaintMask.FromAlpha(InpaintImages.WithHole(InpaintImages.Warm(8, 8), new PixelRect(2, 2, 3, 3)));
        var bytes = Enumerable.Range(0, 64).Select(p => InpaintImages.Contains(new PixelRect(2, 2, 3, 3), p % 8, p / 8) ? (byte)255 : (byte)0).ToArray();

        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant(), mask.Hash);
        Assert.Matches("^[0-9a-f]{64}$", mask.Hash);
    }

    [Fact]
    public void AnOpaqueImageWithoutAMaskIsNotInpainted()
    {
        var observer = new RecordingObserver();
        var request = new Img2ImgRequest { Settings = new() { Prompt = "blue" }, InitImage = InpaintImages.Warm(16, 16) };

        Assert.Null(InpaintMaskSelection.Select(request, request.Settings.InvertMask == true, request.InitImage, observer));
        Assert.Empty(observer.Warnings);
    }

    [Fact]
    public void AnExplicitMaskTakesThePlaceOfTransparency()
    {
        var init = InpaintImages.WithHole(InpaintImages.Warm(16, 16), new PixelRect(0, 0, 8, 8));
        var request = new Img2ImgRequest
        {
            Settings = new() { Prompt = "blue" },
            InitImage = init,
            Mask = InpaintImages.Mask(16, 16, new PixelRect(8, 8, 8, 8)),
        };

        var mask = InpaintMaskSelection.Select(request, request.Settings.InvertMask == true, init, new RecordingObserver())!;

        Assert.Equal(0, mask.Repaint[0]);                  // transparent, but the mask keeps it
        Assert.Equal(255, mask.Repaint[15 * 16 + 15]);     // opaque, but the mask repaints it
    }

    [Fact]
    public void AMaskImageIsStretchedToTheRenderSize()
    {
        var init = InpaintImages.Warm(32, 32);
        var request = new Img2ImgRequest { Settings = new() { Prompt = "blue" }, InitImage = init, Mask = InpaintImages.Mask(8, 8, new PixelRect(0, 0, 4, 8)) };

        var mask = InpaintMaskSelection.Select(request, request.Settings.InvertMask == true, init, new RecordingObserver())!;

        Assert.Equal((32, 32), (mask.Width, mask.Height));
        Assert.Equal(255, mask.Repaint[5 * 32 + 2]);
        Assert.Equal(0, mask.Repaint[5 * 32 + 29]);
    }

    [Fact]
    public void InvertMaskWithoutAnyMaskWarnsAndRendersPlainImg2Img()
    {
        var observer = new RecordingObserver();
        var request = new Img2ImgRequest { Settings = new() { Prompt = "blue", InvertMask = true }, InitImage = InpaintImages.Warm(16, 16) };

        Assert.Null(InpaintMaskSelection.Select(request, request.Settings.InvertMask == true, request.InitImage, observer));
        Assert.Contains(observer.Warnings, w => w.Contains("InvertMask has no effect"));
    }

    [Fact]
    public void AMaskOfAnotherShapeIsReported()
    {
        var observer = new RecordingObserver();
        var init = InpaintImages.Warm(64, 32);
        var request = new Img2ImgRequest { Settings = new() { Prompt = "blue" }, InitImage = init, Mask = InpaintImages.Mask(32, 32, new PixelRect(0, 0, 8, 8)) };

        InpaintMaskSelection.Select(request, request.Settings.InvertMask == true, init, observer);

        Assert.Contains(observer.Warnings, w => w.Contains("32×32") && w.Contains("64×32"));
    }
}

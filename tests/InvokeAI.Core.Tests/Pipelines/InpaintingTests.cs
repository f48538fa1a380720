using InvokeAI.Core.Imaging;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Pipelines.Inpainting;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>
/// Inpainting through the init image's transparency or a mask, with the ordinary (4-channel) demo UNet: only the
/// masked region is redrawn, every kept pixel comes back exactly, and the render records what it did.
/// </summary>
public sealed class InpaintingTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    // Big enough that the hole spans many latent cells: the demo UNet judges each cell by its neighbourhood, so a
    // hole of a cell or two just takes on the colour around it.
    private const int Size = 256, Steps = 10;
    private static readonly PixelRect Hole = new(64, 64, 128, 128);
    private static readonly RgbaImage Warm = InpaintImages.Warm(Size, Size);

    private DiffusionImage Render(RgbaImage init, RecordingObserver? observer = null, double strength = 0.8,
        RgbaImage? mask = null, bool invert = false, int blur = 4, string? maskPath = null) =>
        Img2ImgPipeline.Render(demo.Model, new Img2ImgRequest
        {
            Settings = new() { Prompt = "blue", Strength = strength, Steps = Steps, Seed = 1, Sampler = "k_lms", InvertMask = invert, MaskBlur = blur },
            InitImage = init,
            Mask = mask,
            MaskPath = maskPath,
        }, observer);

    private static IEnumerable<int> HolePixels => InpaintImages.PixelsOf(Hole, Size);
    private static IEnumerable<int> KeptPixels => Enumerable.Range(0, Size * Size).Except(HolePixels);

    private static void AssertSameColour(RgbaImage expected, RgbaImage actual, IEnumerable<int> pixels)
    {
        foreach (int p in pixels)
        {
            for (int c = 0; c < 3; c++)
                Assert.True(expected.Pixels[4 * p + c] == actual.Pixels[4 * p + c],
                    $"pixel ({p % Size}, {p / Size}) channel {c}: {actual.Pixels[4 * p + c]} where the init image has {expected.Pixels[4 * p + c]}");
        }
    }

    [Fact]
    public void PixelsOutsideATransparentRegionAreTheInitImages()
    {
        var init = InpaintImages.WithHole(Warm, Hole);

        var image = Render(init);

        AssertSameColour(init, image.Pixels, KeptPixels);
        Assert.All(Enumerable.Range(0, Size * Size), p => Assert.Equal(255, image.Pixels.Pixels[4 * p + 3]));
        // The hole itself was redrawn toward the prompt.
        Assert.True(InpaintImages.Blueness(image.Pixels, HolePixels) > InpaintImages.Blueness(init, HolePixels) + 30,
            $"the hole's blue − red went from {InpaintImages.Blueness(init, HolePixels):0} to {InpaintImages.Blueness(image.Pixels, HolePixels):0}");
    }

    [Fact]
    public void TheRenderRecordsTheMaskAndTheInitImage()
    {
        var init = InpaintImages.WithHole(Warm, Hole);

        var image = Render(init);

        Assert.True(image.Inpainted);
        Assert.Equal(Sha256Hex.Of(InpaintMask.FromAlpha(init).Repaint), image.MaskHash);
        Assert.Equal(Sha256Hex.Of(init.Pixels), image.InitImageHash);
        Assert.Equal(MaskSource.Transparency, image.MaskSource);
        Assert.Null(image.MaskPath);
        Assert.Equal((false, 4), (image.Settings.InvertMask, image.Settings.MaskBlur));
    }

    [Fact]
    public void AMaskedRenderRecordsEverySettingOfItsMask()
    {
        // Each of these changes the pixels, so a re-render needs them all.
        var image = Render(Warm, mask: InpaintImages.Mask(Size, Size, Hole), invert: true, blur: 10, maskPath: "/masks/hole.png");

        Assert.Equal(MaskSource.Mask, image.MaskSource);
        Assert.Equal("/masks/hole.png", image.MaskPath);
        Assert.Equal((true, 10), (image.Settings.InvertMask, image.Settings.MaskBlur));
    }

    [Fact]
    public void APlainRenderRecordsItsInitImageButNoMask()
    {
        var image = Render(Warm);

        Assert.False(image.Inpainted);
        Assert.Null(image.MaskHash);
        // Mask settings only mean something for an inpainting.
        Assert.Null(image.MaskSource);
        Assert.Null(image.Settings.MaskBlur);
        Assert.Null(image.Settings.InvertMask);
        Assert.Equal(Sha256Hex.Of(Warm.Pixels), image.InitImageHash);
        Assert.Matches("^[0-9a-f]{64}$", image.InitImageHash);
    }

    [Fact]
    public void TransparencyNoLongerWarnsThatInpaintingIsUnsupported()
    {
        var observer = new RecordingObserver();

        Render(InpaintImages.WithHole(Warm, Hole), observer);

        Assert.DoesNotContain(observer.Warnings, w => w.Contains("not supported"));
        Assert.Empty(observer.Warnings);
    }

    [Fact]
    public void AfterEveryStepTheKeptLatentIsTheInitLatentNoisedToTheNextLevel()
    {
        var observer = new RecordingObserver();
        Render(InpaintImages.WithHole(Warm, Hole), observer);

        var initial = observer.Initial!;
        float[] clean = initial.Denoised;
        // The start latent is clean + σ·noise everywhere, so the render's noise can be read back from it.
        float[] noise = [.. initial.Latent.Select((value, i) => (float)((value - clean[i]) / initial.Sigma))];
        var sigmas = new LmsSampler(demo.Model.SchedulerConfig, Steps).Sigmas;
        int start = Steps - observer.Steps.Count;
        int plane = clean.Length / 4;
        // Latent cell (0, 0) lies outside the hole; (16, 16), pixels 128..135 × 128..135, inside it.
        int kept = 0, repainted = 16 * (Size / 8) + 16;

        foreach (var step in observer.Steps)
        {
            double sigmaAfter = sigmas[start + step.Number];
            for (int c = 0; c < 4; c++)
            {
                int i = c * plane + kept;
                Assert.Equal(clean[i] + sigmaAfter * noise[i], step.Latent[i], 1e-3);
            }
        }
        // The last step ends at σ = 0: the kept latent is the clean one exactly, the hole's is not.
        var last = observer.Steps[^1].Latent;
        Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(clean[c * plane + kept], last[c * plane + kept]));
        Assert.NotEqual(clean[repainted], last[repainted]);
    }

    [Fact]
    public void PartialAlphaRepaintsPartly()
    {
        var full = Render(InpaintImages.WithHole(Warm, Hole, alpha: 0));
        var half = Render(InpaintImages.WithHole(Warm, Hole, alpha: 128));

        // The kept half of each cell is restored after every step, so the steps' changes shrink geometrically and
        // a half-transparent region ends up changed far less than half as much as a transparent one (as with
        // InvokeAI 2.x's soft masks); it still changes, and less than a full repaint.
        double fullChange = InpaintImages.MeanDifference(full.Pixels, Warm, HolePixels);
        double halfChange = InpaintImages.MeanDifference(half.Pixels, Warm, HolePixels);
        Assert.True(halfChange > 0 && halfChange < 0.5 * fullChange,
            $"half transparency changed the hole by {halfChange:0.00} levels, full transparency by {fullChange:0.00}");
        AssertSameColour(Warm, half.Pixels, KeptPixels);
    }

    [Fact]
    public void AnExplicitMaskRepaintsOnlyItsWhiteRegion()
    {
        var image = Render(Warm, mask: InpaintImages.Mask(Size, Size, Hole));

        AssertSameColour(Warm, image.Pixels, KeptPixels);
        Assert.True(InpaintImages.MeanDifference(image.Pixels, Warm, HolePixels) > 10);
        Assert.Equal(Sha256Hex.Of(InpaintMask.FromLuminance(InpaintImages.Mask(Size, Size, Hole)).Repaint), image.MaskHash);
    }

    [Fact]
    public void InvertMaskRepaintsEverythingButTheWhiteRegion()
    {
        var image = Render(Warm, mask: InpaintImages.Mask(Size, Size, Hole), invert: true);

        AssertSameColour(Warm, image.Pixels, HolePixels);
        Assert.True(InpaintImages.MeanDifference(image.Pixels, Warm, KeptPixels) > 10);
    }

    [Fact]
    public void InvertMaskKeepsTheTransparentRegion()
    {
        var init = InpaintImages.WithHole(Warm, Hole);

        var image = Render(init, invert: true);

        AssertSameColour(init, image.Pixels, HolePixels);
        Assert.True(InpaintImages.MeanDifference(image.Pixels, init, KeptPixels) > 10);
    }

    [Fact]
    public void AMaskThatKeepsEverythingReturnsTheInitImageExactly()
    {
        var observer = new RecordingObserver();

        var image = Render(Warm, observer, mask: InpaintImages.Mask(Size, Size, Hole, inside: 0, outside: 0));

        Assert.Equal(Warm.Pixels, image.Pixels.Pixels);
        Assert.Contains(observer.Warnings, w => w.Contains("keeps every pixel"));
    }

    [Fact]
    public void ATransparentRegionWithoutColourUnderneathIsReported()
    {
        var observer = new RecordingObserver();

        Render(InpaintImages.WithHole(Warm, Hole, blackUnderneath: true), observer);

        Assert.Contains(observer.Warnings, w => w.StartsWith("The transparent region has no colour underneath:"));
    }

    [Fact]
    public void TheColourUnderTheTransparencyIsWhereTheRepaintStarts()
    {
        // At low strength the hole stays close to what is under it: warm when the colour was kept, dark when not.
        var kept = Render(InpaintImages.WithHole(Warm, Hole), strength: 0.3);
        var black = Render(InpaintImages.WithHole(Warm, Hole, blackUnderneath: true), strength: 0.3);

        double keptBrightness = InpaintImages.MeanDifference(kept.Pixels, new RgbaImage(Size, Size), HolePixels);
        double blackBrightness = InpaintImages.MeanDifference(black.Pixels, new RgbaImage(Size, Size), HolePixels);
        Assert.True(keptBrightness > blackBrightness + 40, $"kept colour gives {keptBrightness:0}, black gives {blackBrightness:0}");
    }

    [Fact]
    public void TheEdgeBlendOfARenderStaysInsideTheHole()
    {
        var init = InpaintImages.WithHole(Warm, Hole);

        var sharp = Render(init, blur: 0);
        var soft = Render(init, blur: 6);

        AssertSameColour(init, soft.Pixels, KeptPixels);
        // The same render under both: deep inside the hole they agree, and at the hole's first pixel the soft edge
        // lies between the original and the sharp render.
        int centre = (Hole.Y + Hole.Height / 2) * Size + Hole.X + Hole.Width / 2;
        Assert.Equal(sharp.Pixels.Pixels[4 * centre], soft.Pixels.Pixels[4 * centre]);
        int edge = (Hole.Y + Hole.Height / 2) * Size + Hole.X;
        for (int c = 0; c < 3; c++)
        {
            int original = init.Pixels[4 * edge + c], rendered = sharp.Pixels.Pixels[4 * edge + c], blended = soft.Pixels.Pixels[4 * edge + c];
            Assert.InRange(blended, Math.Min(original, rendered), Math.Max(original, rendered));
        }
        Assert.True(InpaintImages.MeanDifference(soft.Pixels, init, [edge]) < InpaintImages.MeanDifference(sharp.Pixels, init, [edge]));
    }

    [Fact]
    public void StrengthZeroStillKeepsTheKeptPixelsExactly()
    {
        var init = InpaintImages.WithHole(Warm, Hole);

        var image = Render(init, strength: 0);

        AssertSameColour(init, image.Pixels, KeptPixels);
        Assert.True(image.Inpainted);
    }
}

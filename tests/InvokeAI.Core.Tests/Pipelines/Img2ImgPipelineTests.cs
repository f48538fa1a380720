using InvokeAI.Core.Imaging;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Pipelines;

public sealed class Img2ImgPipelineTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    private static readonly RgbaImage Blue = DemoModelFixture.Gradient(128, 128, (30, 60, 200), (60, 90, 220));

    private DiffusionImage Render(string prompt, double strength, int steps = 10, ulong? seed = 42, RgbaImage? image = null,
        RecordingObserver? observer = null, CancellationToken cancel = default, double cfg = 7.5) =>
        Img2ImgPipeline.Render(demo.Model, new Img2ImgRequest
        {
            Settings = new() { Prompt = prompt, Strength = strength, Steps = steps, Seed = seed, CfgScale = cfg },
            InitImage = image ?? Blue,
        }, observer, cancel);

    [Fact]
    public void SameSeedGivesIdenticalPixels_OtherSeedDoesNot()
    {
        var a = Render("fire", 0.8, seed: 1592514025);
        var b = Render("fire", 0.8, seed: 1592514025);
        var c = Render("fire", 0.8, seed: 1592514026);
        Assert.Equal(a.Pixels.Pixels, b.Pixels.Pixels);
        Assert.NotEqual(a.Pixels.Pixels, c.Pixels.Pixels);
    }

    [Fact]
    public void WithoutASeedOneIsChosenAndRecorded()
    {
        var a = Render("fire", 0.5, seed: null);
        var b = Render("fire", 0.5, seed: null);
        Assert.NotNull(a.Settings.Seed);
        Assert.NotEqual(a.Settings.Seed, b.Settings.Seed);
        Assert.Equal(a.Pixels.Pixels, Render("fire", 0.5, seed: a.Settings.Seed).Pixels.Pixels);
    }

    [Theory]
    [InlineData(10, 0.7, 7)]
    [InlineData(10, 0.4, 4)]
    [InlineData(50, 0.4, 20)]
    [InlineData(10, 1.0, 10)]
    public void TakesIntOfStepsTimesStrength_AndReportsEachStep(int steps, double strength, int taken)
    {
        var observer = new RecordingObserver();
        var image = Render("fire", strength, steps, observer: observer);
        Assert.Equal(taken, image.StepsTaken);
        Assert.Equal(Enumerable.Range(1, taken), observer.Steps.Select(s => s.Number));
        Assert.All(observer.Steps, s => Assert.Equal(taken, s.Total));
        // The steps run are the tail of the full schedule: the first starts at the σ strength selects.
        var schedule = new LmsSampler(demo.Model.SchedulerConfig, steps);
        Assert.Equal(schedule.Sigmas[steps - taken], observer.Steps[0].Sigma, 9);
        Assert.Equal(schedule.Timesteps[^1], observer.Steps[^1].Timestep, 9);
    }

    [Fact]
    public void StrengthZeroTakesNoStepAndReturnsTheVaeRoundTrip()
    {
        var image = Render("fire", 0.0);
        Assert.Equal(0, image.StepsTaken);
        float[] latent = demo.Model.VaeEncoder.Encode(ImageTensors.ToTensor(Blue), 128, 128, posteriorNoise: null, default);
        var (pixels, width, height) = demo.Model.VaeDecoder.Decode(latent, 16, 16, default);
        Assert.Equal(ImageTensors.FromTensor(pixels, width, height).Pixels, image.Pixels.Pixels);
    }

    [Fact]
    public void HighStrengthFollowsThePromptColour_LowStrengthKeepsTheImage()
    {
        var low = DemoModelFixture.MeanColour(Render("fire", 0.2, steps: 20).Pixels);
        var high = DemoModelFixture.MeanColour(Render("fire", 0.9, steps: 20).Pixels);
        var source = DemoModelFixture.MeanColour(Blue);
        Assert.True(Math.Abs(low.B - source.B) < 30, $"low strength moved blue from {source.B:0} to {low.B:0}");
        Assert.True(high.R - high.B > low.R - low.B + 40, $"fire at 0.9: R {high.R:0} B {high.B:0}; at 0.2: R {low.R:0} B {low.B:0}");
    }

    [Fact]
    public void CfgScaleStrengthensThePull()
    {
        var weak = DemoModelFixture.MeanColour(Render("fire", 0.8, steps: 20, cfg: 1.0).Pixels);
        var strong = DemoModelFixture.MeanColour(Render("fire", 0.8, steps: 20, cfg: 7.5).Pixels);
        Assert.True(strong.R - strong.B > weak.R - weak.B + 10, $"cfg 7.5: R−B {strong.R - strong.B:0}; cfg 1: {weak.R - weak.B:0}");
    }

    [Fact]
    public void ColourlessPromptDoesNotRecolour()
    {
        var plain = DemoModelFixture.MeanColour(Render("a photograph of a lamp", 0.9, steps: 20).Pixels);
        var fire = DemoModelFixture.MeanColour(Render("fire", 0.9, steps: 20).Pixels);
        Assert.True(fire.R - fire.B > plain.R - plain.B + 40);
    }

    [Fact]
    public void SizeIsRoundedDownToMultiplesOf64WithAWarning()
    {
        var observer = new RecordingObserver();
        var image = Render("fire", 0.5, image: DemoModelFixture.Gradient(100, 130, (0, 0, 0), (255, 255, 255)), observer: observer);
        Assert.Equal((64, 128), (image.Width, image.Height));
        Assert.Contains(observer.Warnings, w => w.Contains("multiple of 64"));
    }

    [Theory]
    [InlineData(256, 192, 128, 128, false, 128, 128)] // -W/-H resize exactly, as InvokeAI does
    [InlineData(256, 192, 128, 128, true, 128, 64)]   // --fit keeps the aspect ratio: 128×96, rounded down
    [InlineData(128, 64, 512, 512, true, 128, 64)]    // --fit never enlarges
    [InlineData(128, 64, 256, 128, false, 256, 128)]  // plain -W/-H may enlarge
    public void WidthHeightAndFitSizeTheRender(int imageWidth, int imageHeight, int width, int height, bool fit, int expectedWidth, int expectedHeight)
    {
        var image = Img2ImgPipeline.Render(demo.Model, new Img2ImgRequest
        {
            Settings = new() { Prompt = "fire", Width = width, Height = height, Fit = fit, Strength = 0.5, Steps = 2, Seed = 1 },
            InitImage = DemoModelFixture.Gradient(imageWidth, imageHeight, (0, 0, 0), (255, 255, 255)),
        });
        Assert.Equal((expectedWidth, expectedHeight), (image.Width, image.Height));
    }

    [Fact]
    public void ImageSmallerThan64IsRejected()
    {
        var problem = Assert.Throws<InitImageSizeException>(() => Render("fire", 0.5, image: new RgbaImage(32, 32)));
        Assert.Contains("32×32", problem.Message);
    }

    [Fact]
    public void CancellationStopsTheRenderAndTheModelStaysUsable()
    {
        using var cancel = new CancellationTokenSource();
        var observer = new RecordingObserver { OnStep = s => { if (s.Number == 2) cancel.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() => Render("fire", 1.0, steps: 50, observer: observer, cancel: cancel.Token));
        Assert.Equal(2, observer.Steps.Count);
        Assert.Equal(5, Render("fire", 0.5).StepsTaken);
    }

    [Fact]
    public void CancellationBeforeTheFirstModelRunStopsTheRender()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Render("fire", 0.5, cancel: cancel.Token));
    }

    [Theory]
    [InlineData(-0.1, 10, 7.5, "Strength")]
    [InlineData(1.1, 10, 7.5, "Strength")]
    [InlineData(0.5, 0, 7.5, "Steps")]
    [InlineData(0.5, 10, -1, "CfgScale")]
    public void InvalidParametersAreRejectedNamingTheSetting(double strength, int steps, double cfg, string setting)
    {
        Assert.Equal(setting, Assert.Throws<RenderSettingException>(() => Render("fire", strength, steps, cfg: cfg)).Setting);
    }

    [Fact]
    public void ResultRecordsTheRender()
    {
        var image = Img2ImgPipeline.Render(demo.Model, new Img2ImgRequest
        {
            Settings = new() { Prompt = "fire", NegativePrompt = "blue", Strength = 0.7, Steps = 10, CfgScale = 5, Seed = 7 },
            InitImage = Blue,
            SourcePath = "/sketches/blue.png",
        });
        Assert.Equal(("fire", "blue", 7u, 0.7, 10, 7, 5.0, "k_lms", "/sketches/blue.png"),
            (image.Settings.Prompt, image.Settings.NegativePrompt, image.Settings.Seed!.Value, image.Settings.Strength!.Value, image.Settings.Steps!.Value,
             image.StepsTaken!.Value, image.Settings.CfgScale!.Value, image.Settings.Sampler, image.SourcePath));
        Assert.Equal(demo.Model.Path, image.Model);
        Assert.Equal("CPU", image.Provider);
    }
}

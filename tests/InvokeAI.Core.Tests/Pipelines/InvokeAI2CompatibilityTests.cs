using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>
/// <see cref="RenderCompatibility.InvokeAI2"/>: InvokeAI 2.x's k_ samplers noise the init latent with the seed's second
/// draw and default to Karras spacing below 30 steps; the rendered image records both, so it repeats.
/// </summary>
public sealed class InvokeAI2CompatibilityTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    private const int LatentValues = 4 * 8 * 8;
    private static readonly RgbaImage Sketch = DemoModelFixture.Gradient(64, 64, (200, 40, 40), (40, 40, 200));

    private static RenderSettings Settings(RenderCompatibility compatibility, string sampler = "k_lms") =>
        new() { Compatibility = compatibility, Sampler = sampler, Seed = 42 };

    [Theory]
    [InlineData(NoiseSource.Cpu)]
    [InlineData(NoiseSource.Cuda)]
    public void UnderInvokeAI2AKSamplersNoiseIsTheSeedsSecondDraw(NoiseSource source)
    {
        var fresh = NoiseGenerators.Create(source, 42);
        fresh.Randn(LatentValues);
        float[] second = fresh.Randn(LatentValues);

        float[] noise = InvokeAI2Behaviour.Img2ImgNoise(NoiseGenerators.Create(source, 42), LatentValues, Settings(RenderCompatibility.InvokeAI2));

        Assert.Equal(second, noise);
    }

    [Theory]
    [InlineData(RenderCompatibility.Module, "k_lms")]
    [InlineData(RenderCompatibility.InvokeAI2, "ddim")]
    [InlineData(RenderCompatibility.InvokeAI2, "plms")]
    public void OtherwiseTheNoiseIsTheFirstDraw(RenderCompatibility compatibility, string sampler)
    {
        float[] first = NoiseGenerators.Create(NoiseSource.Cpu, 42).Randn(LatentValues);

        float[] noise = InvokeAI2Behaviour.Img2ImgNoise(NoiseGenerators.Create(NoiseSource.Cpu, 42), LatentValues, Settings(compatibility, sampler));

        Assert.Equal(first, noise);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(29, true)]
    [InlineData(30, false)]
    [InlineData(50, false)]
    public void UnderInvokeAI2KarrasDefaultsOnBelowThirtySteps(int steps, bool karras)
    {
        var settings = (Settings(RenderCompatibility.InvokeAI2, "k_euler") with { Steps = steps }).WithDefaults();
        Assert.Equal(karras, settings.Karras);
    }

    [Fact]
    public void TheStepRuleCountsTheWholeSchedule_WhichDenoiseStepsChooses()
    {
        // 12 steps at strength 0.5 run from a 24-step schedule: Karras, as InvokeAI's -s 24 -f 0.5 would be.
        var settings = (Settings(RenderCompatibility.InvokeAI2) with { DenoiseSteps = 12, Strength = 0.5 }).WithDefaults();
        Assert.True(settings.Karras);
    }

    [Theory]
    [InlineData(RenderCompatibility.InvokeAI2, "k_lms", false, 10)]
    [InlineData(RenderCompatibility.InvokeAI2, "k_lms", true, 50)]
    public void AGivenKarrasWinsOverTheStepRule(RenderCompatibility compatibility, string sampler, bool given, int steps)
    {
        var settings = (Settings(compatibility, sampler) with { Steps = steps, Karras = given }).WithDefaults();
        Assert.Equal(given, settings.Karras);
    }

    [Theory]
    [InlineData(RenderCompatibility.Module, "k_lms")]
    [InlineData(RenderCompatibility.InvokeAI2, "ddim")]
    public void OtherwiseKarrasStaysOffByDefault(RenderCompatibility compatibility, string sampler)
    {
        var settings = (Settings(compatibility, sampler) with { Steps = 10 }).WithDefaults();
        Assert.False(settings.Karras);
    }

    [Fact]
    public void TheDefaultIsTheModulesOwnBehaviour() =>
        Assert.Equal(RenderCompatibility.Module, new RenderSettings { Steps = 10 }.WithDefaults().Compatibility);

    private DiffusionImage Render(RenderSettings settings, IRenderObserver? observer = null) =>
        Img2ImgPipeline.Render(demo.Model, new Img2ImgRequest
        {
            Settings = settings with { Prompt = "fire", Strength = 0.8, Seed = 42 },
            InitImage = Sketch,
        }, observer);

    [Fact]
    public void ARenderNoisesTheInitLatentWithTheSecondDraw()
    {
        var observer = new RecordingObserver();
        Render(new RenderSettings { Compatibility = RenderCompatibility.InvokeAI2, Steps = 10 }, observer);

        var initial = observer.Initial!;
        var generator = NoiseGenerators.Create(NoiseSource.Cpu, 42);
        generator.Randn(initial.Latent.Length);
        float[] second = generator.Randn(initial.Latent.Length);
        for (int i = 0; i < second.Length; i++)
            Assert.Equal(initial.Denoised[i] + initial.Sigma * second[i], initial.Latent[i], 1e-3);
    }

    [Fact]
    public void ARenderRecordsItsCompatibilityAndTheKarrasThatRan_SoItsRecordRepeatsIt()
    {
        var module = Render(new RenderSettings { Steps = 10 });
        var invokeAI2 = Render(new RenderSettings { Compatibility = RenderCompatibility.InvokeAI2, Steps = 10 });

        Assert.Equal((RenderCompatibility.Module, false), (module.Settings.Compatibility!.Value, module.Settings.Karras!.Value));
        Assert.Equal((RenderCompatibility.InvokeAI2, true), (invokeAI2.Settings.Compatibility!.Value, invokeAI2.Settings.Karras!.Value));
        Assert.NotEqual(module.Pixels.Pixels, invokeAI2.Pixels.Pixels);

        var record = RenderRecordJson.TryRead(RenderRecordJson.Write(invokeAI2))!;
        var again = Render(new RenderSettingsResolver(new RenderSettings(), record).ForItem(RenderSettings.None));
        Assert.Equal(invokeAI2.Pixels.Pixels, again.Pixels.Pixels);
    }

    [Fact]
    public void UnderInvokeAI2APromptIsCutAt77TokensAsInvokeAI2xCutIt()
    {
        // 80 neutral words, then colour words only a second chunk would hold.
        string first75 = string.Join(' ', Enumerable.Repeat("stone", 75));
        string longPrompt = first75 + " stone stone stone stone stone fire ocean fire";
        DiffusionImage RenderOf(string prompt, RenderCompatibility compatibility, RecordingObserver? observer = null) =>
            Img2ImgPipeline.Render(demo.Model, new Img2ImgRequest
            {
                Settings = new RenderSettings { Prompt = prompt, Seed = 5, Steps = 6, Strength = 0.7, Sampler = "ddim", Compatibility = compatibility },
                InitImage = Sketch,
            }, observer);

        var observer = new RecordingObserver();
        var cut = RenderOf(longPrompt, RenderCompatibility.InvokeAI2, observer);
        Assert.Contains(observer.Warnings, w => w.Contains("InvokeAI 2.x") && w.Contains("8 token(s)"));
        Assert.Equal(RenderOf(first75, RenderCompatibility.InvokeAI2).Pixels.Pixels, cut.Pixels.Pixels);
        // The module's own rule reads the whole prompt.
        Assert.NotEqual(cut.Pixels.Pixels, RenderOf(longPrompt, RenderCompatibility.Module).Pixels.Pixels);
    }
}

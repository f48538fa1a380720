using InvokeAI.Core.Imaging;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>Sampler choice, step counts and the documented order of noise draws, through the whole pipeline.</summary>
public sealed class SamplingPipelineTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    private static readonly RgbaImage Sketch = DemoModelFixture.Gradient(64, 64, (200, 40, 40), (40, 40, 200));

    public static TheoryData<string> SamplerNames() => new(SamplerCatalog.All.Select(s => s.Name));

    private Img2ImgRequest Request(string sampler = "k_lms", double strength = 0.7, int steps = 10, uint seed = 1,
        NoiseSource source = NoiseSource.Cpu, bool karras = false, double eta = 0, int? denoiseSteps = null) => new()
    {
        InitImage = Sketch,
        Settings = new()
        {
            Prompt = "fire", Sampler = sampler, Strength = strength, Steps = denoiseSteps is null ? steps : null, DenoiseSteps = denoiseSteps,
            Seed = seed, NoiseSource = source, Karras = karras, Eta = eta,
        },
    };

    [Theory]
    [MemberData(nameof(SamplerNames))]
    public void EverySamplerRendersReproduciblyAndTakesTheStrengthsSteps(string sampler)
    {
        var observer = new RecordingObserver();
        var a = Img2ImgPipeline.Render(demo.Model, Request(sampler, seed: 5), observer);
        var b = Img2ImgPipeline.Render(demo.Model, Request(sampler, seed: 5));
        var c = Img2ImgPipeline.Render(demo.Model, Request(sampler, seed: 6));
        // 10 steps at strength 0.7: the others run the last 7 of their schedule; LCM puts the strength into its
        // timesteps and runs all 10.
        int taken = sampler == "lcm" ? 10 : 7;
        Assert.Equal(sampler, a.Settings.Sampler);
        Assert.Equal(taken, a.StepsTaken);
        Assert.Equal(taken, observer.Steps.Count);
        Assert.Equal(a.Pixels.Pixels, b.Pixels.Pixels);
        Assert.NotEqual(a.Pixels.Pixels, c.Pixels.Pixels);
        // Every sampler denoises: the result is close to the VAE round trip's smoothness, not to raw noise.
        var mean = DemoModelFixture.MeanColour(a.Pixels);
        Assert.InRange(mean.R, 20, 250);
    }

    [Theory]
    [InlineData("Euler", "k_euler")]
    [InlineData("EULERANCESTRAL", "k_euler_a")]
    [InlineData("dpmpp_2m", "k_dpmpp_2m")]
    [InlineData("Ddim", "ddim")]
    public void AliasesNameTheSameSampler(string alias, string name) =>
        Assert.Equal(name, Img2ImgPipeline.Render(demo.Model, Request(alias, strength: 0.3)).Settings.Sampler);

    [Fact]
    public void KarrasAndEtaAreRecordedAndChangeTheRender()
    {
        var plain = Img2ImgPipeline.Render(demo.Model, Request("k_euler", strength: 0.9));
        var karras = Img2ImgPipeline.Render(demo.Model, Request("k_euler", strength: 0.9, karras: true));
        Assert.True(karras.Settings.Karras);
        Assert.NotEqual(plain.Pixels.Pixels, karras.Pixels.Pixels);
        var ddim = Img2ImgPipeline.Render(demo.Model, Request("ddim", strength: 0.9, eta: 1));
        Assert.Equal(1.0, ddim.Settings.Eta);
        Assert.NotEqual(Img2ImgPipeline.Render(demo.Model, Request("ddim", strength: 0.9)).Pixels.Pixels, ddim.Pixels.Pixels);
    }

    [Fact]
    public void OptionsASamplerCannotUseAreRefused()
    {
        Assert.Equal("Karras", Assert.Throws<RenderSettingException>(() => Img2ImgPipeline.Render(demo.Model, Request("ddim", karras: true))).Setting);
        Assert.Equal("Eta", Assert.Throws<RenderSettingException>(() => Img2ImgPipeline.Render(demo.Model, Request("k_lms", eta: 0.5))).Setting);
        Assert.Equal("Sampler", Assert.Throws<RenderSettingException>(() => Img2ImgPipeline.Render(demo.Model, Request("k_nonsense"))).Setting);
    }

    [Theory]
    [InlineData(0.4, 20, 50)]
    [InlineData(0.7, 20, 29)]
    public void DenoiseStepsChoosesTheTotalSoThatExactlyThatManyRun(double strength, int wanted, int total)
    {
        var image = Img2ImgPipeline.Render(demo.Model, Request(strength: strength, denoiseSteps: wanted));
        Assert.Equal(total, image.Settings.Steps);
        Assert.Equal(wanted, image.StepsTaken);
    }

    [Fact]
    public void StepsTimesStrengthBelowOneIsAnErrorThatSaysSo()
    {
        var e = Assert.Throws<RenderSettingException>(() => Img2ImgPipeline.Render(demo.Model, Request(strength: 0.5, steps: 1)));
        Assert.Contains("steps × strength must be at least 1", e.Message);
    }

    [Fact]
    public void StrengthOneStartsFromNoiseAtSigmaMax()
    {
        var observer = new RecordingObserver();
        Img2ImgPipeline.Render(demo.Model, Request(strength: 1.0), observer);
        Assert.Equal(demo.Model.NoiseSchedule.Sigmas[^1], observer.Initial!.Sigma, 6);
        Assert.Equal(14.614641, observer.Initial.Sigma, 4);
    }

    [Theory]
    [InlineData(NoiseSource.Cpu)]
    [InlineData(NoiseSource.Cuda)]
    public void TheImg2ImgNoiseIsTheFirstDrawOfTheSeededGenerator(NoiseSource source)
    {
        var observer = new RecordingObserver();
        Img2ImgPipeline.Render(demo.Model, Request(seed: 1592514025, source: source), observer);
        var noise = LatentNoise.Create(1592514025, 64, 64, 4, source).Data;
        var initial = observer.Initial!;
        for (int i = 0; i < noise.Length; i++)
            Assert.Equal(initial.Denoised[i] + (float)initial.Sigma * noise[i], initial.Latent[i], 4);
    }

    [Fact]
    public void AncestralSamplersContinueTheSameStreamAfterTheImg2ImgNoise()
    {
        // The documented order, replayed by hand: draw 1 noises the init latent, each k_euler_a step draws the next.
        var request = Request("k_euler_a", strength: 0.6, steps: 10, seed: 77);
        var rendered = Img2ImgPipeline.Render(demo.Model, request);

        var model = demo.Model;
        var sampler = SamplerCatalog.Create("k_euler_a", model.SchedulerConfig, 10);
        var generator = new TorchCpuGenerator(77);
        float[] latent = model.VaeEncoder.Encode(ImageTensors.ToTensor(Sketch), 64, 64, posteriorNoise: null, default);
        int start = StrengthSchedule.StartIndex(10, 0.6);
        sampler.AddNoise(latent, generator.Randn(latent.Length), start);
        var settings = RenderSettings.Defaults with { Prompt = "fire", CfgScale = 7.5 };
        var guidance = PromptGuidance.Encode(model, settings, 64, 64, NullRenderObserver.Instance, default);
        for (int i = start; i < 10; i++)
            sampler.Step(i, latent, (x, t) => guidance.Predict(model.Unet, x, 8, 8, t, default), generator);
        var (pixels, w, h) = model.VaeDecoder.Decode(latent, 8, 8, default);
        Assert.Equal(ImageTensors.FromTensor(pixels, w, h).Pixels, rendered.Pixels.Pixels);
    }

    [Fact]
    public void LcmRunsEveryStepOfItsStrengthsTimestepsAndDecodesTheLastEstimate()
    {
        // Replayed by hand: draw 1 noises the init latent at LCM's first timestep, every step but the last draws
        // once more, and the image is the decode of the last step's denoised estimate.
        var observer = new RecordingObserver();
        var rendered = Img2ImgPipeline.Render(demo.Model, Request("lcm", strength: 0.5, steps: 4, seed: 77), observer);
        Assert.Equal(4, rendered.StepsTaken);
        Assert.Equal([499.0, 379, 259, 139], observer.Steps.Select(s => s.Timestep));

        var model = demo.Model;
        var sampler = SamplerCatalog.Create("lcm", model.SchedulerConfig, 4, strength: 0.5);
        var generator = new TorchCpuGenerator(77);
        float[] latent = model.VaeEncoder.Encode(ImageTensors.ToTensor(Sketch), 64, 64, null, default);
        sampler.AddNoise(latent, generator.Randn(latent.Length), 0);
        var guidance = PromptGuidance.Encode(model, RenderSettings.Defaults with { Prompt = "fire", CfgScale = 7.5 }, 64, 64, NullRenderObserver.Instance, default);
        float[] denoised = [];
        for (int i = 0; i < 4; i++)
            denoised = sampler.Step(i, latent, (x, t) => guidance.Predict(model.Unet, x, 8, 8, t, default), generator);
        var (pixels, w, h) = model.VaeDecoder.Decode(denoised, 8, 8, default);
        Assert.Equal(ImageTensors.FromTensor(pixels, w, h).Pixels, rendered.Pixels.Pixels);
    }
}

using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>
/// Steps carry copies of the latents only for observers that want them: a progress bar costs no copies, and a step
/// otherwise works in buffers it reuses.
/// </summary>
public sealed class ObserverCopiesTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    private sealed class Counting(bool wantsLatents) : IRenderObserver
    {
        public List<RenderStep> Steps { get; } = [];
        public void Warning(string message) { }
        public List<string> VerboseLines { get; } = [];
        public void Verbose(string message) => VerboseLines.Add(message);
        public void Started(RenderStep initial) => Steps.Add(initial);
        public void StepCompleted(RenderStep step) => Steps.Add(step);
        public bool WantsLatents => wantsLatents;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LatentsAreCopiedOnlyWhenWanted(bool wanted)
    {
        var observer = new Counting(wanted);
        var request = new Img2ImgRequest
        {
            Settings = new RenderSettings { Prompt = "fire", Seed = 3, Steps = 4, Strength = 1 },
            InitImage = DemoModelFixture.Gradient(64, 64, (200, 40, 40), (40, 40, 200)),
        };
        Img2ImgPipeline.Render(demo.Model, request, observer);
        Assert.Equal(5, observer.Steps.Count);
        int expected = wanted ? 4 * 8 * 8 : 0;
        Assert.All(observer.Steps, step => Assert.Equal((expected, expected), (step.Latent.Length, step.Denoised.Length)));
        if (wanted)
            // Copies, not the sampler's buffers, which the next step overwrites.
            Assert.Equal(10, observer.Steps.SelectMany(step => new[] { step.Latent, step.Denoised })
                .Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    [Theory]
    [InlineData("k_lms")]
    [InlineData("k_euler")]
    [InlineData("k_heun")]
    [InlineData("k_dpm_2")]
    public void AStepAllocatesNothingTheSizeOfALatent(string sampler)
    {
        // 512×512: a 64×64×4 latent is 64 KB, so one latent-sized array per step would show. Twenty steps, so that the
        // median step is past the first ones, which make the buffers (k_lms its four slopes).
        var observer = new Counting(wantsLatents: false);
        var request = new Img2ImgRequest
        {
            Settings = new RenderSettings { Prompt = "fire", Seed = 3, Steps = 20, Strength = 1, Sampler = sampler },
            InitImage = DemoModelFixture.Gradient(512, 512, (200, 40, 40), (40, 40, 200)),
        };
        Img2ImgPipeline.Render(demo.Model, request, observer);
        var line = observer.VerboseLines.Single(l => l.StartsWith("Managed allocation while denoising: ", StringComparison.Ordinal));
        long perStep = long.Parse(line.Split(' ')[4], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(perStep, 1, 16 * 1024);
    }
}

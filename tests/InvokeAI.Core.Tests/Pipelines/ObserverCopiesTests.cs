using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>Steps carry copies of the latents only for observers that want them: a progress bar costs no copies.</summary>
public sealed class ObserverCopiesTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    private sealed class Counting(bool wantsLatents) : IRenderObserver
    {
        public List<RenderStep> Steps { get; } = [];
        public void Warning(string message) { }
        public void Verbose(string message) { }
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
    }
}

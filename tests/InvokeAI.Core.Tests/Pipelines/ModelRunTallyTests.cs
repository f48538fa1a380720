using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>
/// The tally behind each render's "Model runs" line counts every ONNX Runtime run of the thread, and shows the CPU's
/// way of guiding: the negative and the prompt half as two UNet calls per step, not one batch of two.
/// </summary>
public sealed class ModelRunTallyTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    [Fact]
    public void ACpuRenderRunsTheUnetTwicePerGuidedStepAndTheTallyCountsEveryRun()
    {
        var request = new Img2ImgRequest
        {
            Settings = new RenderSettings { Prompt = "fire", Seed = 3, Steps = 10, Strength = 1, Sampler = "k_euler", CfgScale = 7.5 },
            InitImage = DemoModelFixture.Gradient(64, 64, (200, 40, 40), (40, 40, 200)),
        };
        using var tally = ModelRunTally.Start();
        var image = Img2ImgPipeline.Render(demo.Model, request);

        // 10 steps × 2 UNet calls and the decode; the text encoder and VAE encoder only when their caches miss.
        Assert.InRange(tally.Calls, 21, 24);
        Assert.True(tally.Elapsed > TimeSpan.Zero && tally.Elapsed <= image.Duration, $"{tally.Elapsed} inside a render of {image.Duration}");
    }

    [Fact]
    public void ATallyCountsOnlyWhileItIsOpen()
    {
        var request = new Img2ImgRequest
        {
            Settings = new RenderSettings { Prompt = "fire", Seed = 4, Steps = 2, Strength = 1 },
            InitImage = DemoModelFixture.Gradient(64, 64, (20, 40, 200), (40, 200, 40)),
        };
        var closed = ModelRunTally.Start();
        closed.Dispose();
        Img2ImgPipeline.Render(demo.Model, request);
        Assert.Equal(0, closed.Calls);
    }
}

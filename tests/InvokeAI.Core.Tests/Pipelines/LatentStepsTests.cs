using InvokeAI.Core.Imaging;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Pipelines;

public sealed class LatentStepsTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    private static readonly RgbaImage Sketch = DemoModelFixture.Gradient(128, 64, (200, 40, 40), (40, 40, 200));

    private Img2ImgRequest Request(double strength = 0.7, int steps = 10, RgbaImage? image = null) => new()
    {
        InitImage = image ?? Sketch, Settings = new() { Prompt = "fire", Strength = strength, Steps = steps, Seed = 1592514025 },
    };

    [Fact]
    public void TenStepsAtStrength07GiveStep0ThroughStep7ThenTheOutput()
    {
        var images = LatentSteps.Render(demo.Model, Request(), StepPreview.Approx);

        Assert.Equal(9, images.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, null], images.Select(i => i.Step));
        Assert.Null(images[^1].Sigma);
        Assert.All(images, i =>
        {
            Assert.Equal(1592514025u, i.Settings.Seed);
            Assert.Equal(0.7, i.Settings.Strength);
            Assert.Equal(10, i.Settings.Steps);
            Assert.Equal(7, i.StepsTaken);
            Assert.Equal("fire", i.Settings.Prompt);
            Assert.Equal("k_lms", i.Settings.Sampler);
        });
    }

    [Fact]
    public void StepSigmasAndTimestepsFollowTheSampler()
    {
        var images = LatentSteps.Render(demo.Model, Request(), StepPreview.Approx);
        var schedule = new LmsSampler(demo.Model.SchedulerConfig, 10);
        const int start = 3;   // 10 steps at 0.7 skip the first 3

        // Step 0 is the noised init latent at the level the first step starts from; step k ran at index start + k − 1.
        Assert.Equal(schedule.Sigmas[start], images[0].Sigma!.Value, 9);
        Assert.Equal(schedule.Timesteps[start], images[0].Timestep!.Value, 9);
        for (int k = 1; k <= 7; k++)
        {
            Assert.Equal(schedule.Sigmas[start + k - 1], images[k].Sigma!.Value, 9);
            Assert.Equal(schedule.Timesteps[start + k - 1], images[k].Timestep!.Value, 9);
        }
    }

    [Fact]
    public void TheLastImageIsTheRenderItself()
    {
        var images = LatentSteps.Render(demo.Model, Request(), StepPreview.Approx);
        var render = Img2ImgPipeline.Render(demo.Model, Request());
        Assert.Equal(render.Pixels.Pixels, images[^1].Pixels.Pixels);
        Assert.Equal((128, 64), (images[^1].Width, images[^1].Height));
    }

    [Fact]
    public void ApproxPreviewsAreOnTheLatentGrid_VaePreviewsAtTheRenderSize()
    {
        var approx = LatentSteps.Render(demo.Model, Request(steps: 4, strength: 0.5), StepPreview.Approx);
        var vae = LatentSteps.Render(demo.Model, Request(steps: 4, strength: 0.5), StepPreview.Vae);
        Assert.All(approx.SkipLast(1), i => Assert.Equal((16, 8), (i.Width, i.Height)));
        Assert.All(vae, i => Assert.Equal((128, 64), (i.Width, i.Height)));
        Assert.Equal(approx.Count, vae.Count);
    }

    [Fact]
    public void NoiseFadesFromStep0ToTheLastStep()
    {
        var images = LatentSteps.Render(demo.Model, Request(), StepPreview.Approx);
        Assert.True(Roughness(images[0].Pixels) > 2 * Roughness(images[7].Pixels),
            $"step 0 roughness {Roughness(images[0].Pixels):0.0}, step 7 {Roughness(images[7].Pixels):0.0}");
    }

    [Fact]
    public void ApproxPreviewOfTheDemoModelShowsTheImagesColours()
    {
        // At strength 0 nothing is noised: step 0 is the clean latent of the init image, so its preview must look
        // like a small copy of it. The published SD factors would turn the demo's white green; the fitted map must not.
        var red = DemoModelFixture.Gradient(64, 64, (220, 40, 30), (220, 40, 30));
        var images = LatentSteps.Render(demo.Model, Request(strength: 0, image: red), StepPreview.Approx);
        var (r, g, b) = DemoModelFixture.MeanColour(images[0].Pixels);
        Assert.InRange(r, 210, 230);
        Assert.InRange(g, 30, 50);
        Assert.InRange(b, 20, 40);
        Assert.NotSame(LatentRgbMap.StableDiffusion, LatentPreview.MapFor(demo.Model));
    }

    [Fact]
    public void StrengthZeroGivesStep0AndTheOutput()
    {
        var images = LatentSteps.Render(demo.Model, Request(strength: 0), StepPreview.Approx);
        Assert.Equal([0, null], images.Select(i => i.Step));
    }

    [Fact]
    public void PassesProgressOnToTheCallersObserver()
    {
        var observer = new RecordingObserver();
        LatentSteps.Render(demo.Model, Request(), StepPreview.Approx, observer);
        Assert.NotNull(observer.Initial);
        Assert.Equal(7, observer.Steps.Count);
    }

    /// <summary>Mean absolute difference between horizontal neighbours: high for noise, low for smooth images.</summary>
    private static double Roughness(RgbaImage image)
    {
        double sum = 0;
        int count = 0;
        for (int y = 0; y < image.Height; y++)
        for (int x = 1; x < image.Width; x++)
        {
            int i = 4 * (y * image.Width + x);
            for (int c = 0; c < 3; c++) sum += Math.Abs(image.Pixels[i + c] - image.Pixels[i - 4 + c]);
            count += 3;
        }
        return sum / count;
    }
}

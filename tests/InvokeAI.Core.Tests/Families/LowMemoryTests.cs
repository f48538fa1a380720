using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Families;

/// <summary>
/// Guidance's halves as two UNet calls (the CPU's way, and -LowMemory's on a GPU) predict what one batch of two does,
/// on SD 1.5 and on SDXL's extra inputs; and -LowMemory, which also releases the arena after the render, renders the
/// same image.
/// </summary>
public sealed class LowMemoryTests(FixtureModels models) : IClassFixture<FixtureModels>
{
    [Theory]
    [InlineData("tiny-sd-lp", "tiny-sd", "lms-s06")]
    [InlineData("tiny-sdxl", "tiny-sdxl", "sdxl-lms-negative")]
    public void HalvesApartPredictWhatTheBatchOfTwoPredicts(string model, string set, string name)
    {
        var reference = ReferenceCase.Load(model, set, name);
        int width = reference.InitImage.Width, height = reference.InitImage.Height;
        var guidance = PromptGuidance.Encode(models[model], reference.Settings with { CfgScale = 7.5 }, width, height,
            NullRenderObserver.Instance, CancellationToken.None);
        var random = new Random(5);
        var latent = new float[4 * (width / 8) * (height / 8)];
        for (int i = 0; i < latent.Length; i++) latent[i] = (float)(random.NextDouble() * 2 - 1);

        // Copies: each call returns the guidance's own buffer, which the next call overwrites.
        float[] batched = (float[])guidance.Predict(models[model].Unet, latent, width / 8, height / 8, 500, CancellationToken.None).Clone();
        float[] apart = guidance.Predict(models[model].Unet, latent, width / 8, height / 8, 500, CancellationToken.None, oneAtATime: true);

        Assert.Contains(batched, v => v != 0);
        for (int i = 0; i < batched.Length; i++) Assert.True(Math.Abs(batched[i] - apart[i]) < 1e-4, $"value {i}: {batched[i]} against {apart[i]}");
    }

    [Theory]
    [InlineData("tiny-sd-lp", "tiny-sd", "lms-s06")]
    [InlineData("tiny-sdxl", "tiny-sdxl", "sdxl-lms-negative")]
    public void LowMemoryRendersTheSameImage(string model, string set, string name)
    {
        var reference = ReferenceCase.Load(model, set, name);
        var usual = Img2ImgPipeline.Render(models[model], new Img2ImgRequest { Settings = reference.Settings, InitImage = reference.InitImage });
        var low = Img2ImgPipeline.Render(models[model], new Img2ImgRequest { Settings = reference.Settings, InitImage = reference.InitImage, LowMemory = true });
        Assert.True(ReferenceCase.LargestDifference(low.Pixels, usual.Pixels) <= 1);
        Assert.True(ReferenceCase.LargestDifference(low.Pixels, reference.Expected) <= 2);
        Assert.Equal(usual.Settings, low.Settings);
    }
}

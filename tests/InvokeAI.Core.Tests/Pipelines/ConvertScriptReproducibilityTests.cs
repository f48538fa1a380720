using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>
/// Renders on the convert-script fixture, whose VAE encoder draws its posterior sample in the graph: with that draw
/// replaced at load, the init latent is the posterior mean and a seed gives one image.
/// </summary>
public sealed class ConvertScriptReproducibilityTests
{
    private static readonly RgbaImage Init = DemoModelFixture.Gradient(64, 64, (200, 60, 40), (30, 90, 210));

    private static DiffusionImage Render(DiffusionModel model, ulong seed = 42) =>
        Img2ImgPipeline.Render(model, new Img2ImgRequest
        {
            InitImage = Init,
            Settings = new() { Prompt = "a red house by a lake", Sampler = "k_lms", Steps = 10, Strength = 0.6, Seed = seed, CfgScale = 7.5 },
        });

    private static DiffusionModel Load(string folder, List<string>? warnings = null) =>
        DiffusionModel.Load(RepoPaths.Combine("tests", "fixtures", "models", folder), warn: warnings is null ? null : warnings.Add);

    [Fact]
    public void TheSameSeedGivesTheSamePixelsOnTheConvertScriptFolder()
    {
        var warnings = new List<string>();
        using var model = Load("tiny-sd", warnings);
        Assert.Empty(warnings);
        Assert.Equal(PosteriorOutput.SampledInGraph, model.VaeEncoderPosterior);

        var first = Render(model);
        Assert.Equal(first.Pixels.Pixels, Render(model).Pixels.Pixels);
        Assert.NotEqual(first.Pixels.Pixels, Render(model, seed: 43).Pixels.Pixels);
    }

    [Fact]
    public void TheConvertScriptFolderRendersAsTheOptimumFolderWithTheSameWeights()
    {
        // Both start from the posterior mean, so only the exports' float rounding tells the images apart.
        using var convertScript = Load("tiny-sd");
        using var optimum = Load("tiny-sd-lp");
        byte[] a = Render(convertScript).Pixels.Pixels, b = Render(optimum).Pixels.Pixels;
        Assert.Equal(a.Length, b.Length);
        int largest = a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
        Assert.True(largest <= 2, $"the renders differ by up to {largest} grey levels");
    }
}

using InvokeAI.Core.Imaging;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>Variations through the whole pipeline: recorded as seed:weight pairs, and reproduced from them.</summary>
public sealed class VariationPipelineTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    private static readonly RgbaImage Sketch = DemoModelFixture.Gradient(64, 64, (200, 40, 40), (40, 40, 200));

    private DiffusionImage Render(double amount = 0, uint? variationSeed = null, string with = "") =>
        Img2ImgPipeline.Render(demo.Model, new Img2ImgRequest
        {
            Settings = new() { Prompt = "fire", Strength = 0.8, Steps = 10, Seed = 42, Variation = amount, VariationSeed = variationSeed, Variations = SeedWeight.ParseList(with) },
            InitImage = Sketch,
        });

    [Fact]
    public void AVariationIsRecordedAndReproducedFromItsPairs()
    {
        var plain = Render();
        var variant = Render(0.3, 1234);
        Assert.Empty(plain.Settings.Variations!);
        Assert.Equal([new SeedWeight(1234, 0.3)], variant.Settings.Variations);
        Assert.NotEqual(plain.Pixels.Pixels, variant.Pixels.Pixels);
        var again = Render(with: SeedWeight.Format(variant.Settings.Variations!));
        Assert.Equal(variant.Pixels.Pixels, again.Pixels.Pixels);
    }

    [Fact]
    public void AVariationOnTopOfRecordedOnesAppendsItsPair()
    {
        var variant = Render(0.2, 99, with: "1234:0.3");
        Assert.Equal([new SeedWeight(1234, 0.3), new SeedWeight(99, 0.2)], variant.Settings.Variations);
    }

    [Fact]
    public void AVariationWithoutItsSeedGetsOneChosen_AndRecordedSoItRepeats()
    {
        var variant = Render(0.3, variationSeed: null);

        var pair = Assert.Single(variant.Settings.Variations!);
        Assert.Equal(0.3, pair.Weight);
        Assert.Equal(variant.Pixels.Pixels, Render(0.3, pair.Seed).Pixels.Pixels);
    }
}

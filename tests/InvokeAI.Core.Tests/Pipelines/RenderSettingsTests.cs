using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>The one settings record: its defaults and ranges, how sources lie over each other, seeds, agreement.</summary>
public sealed class RenderSettingsTests
{
    [Fact]
    public void TheDefaultsAreInvokeAIs()
    {
        var defaults = new RenderSettings().WithDefaults();
        Assert.Equal((0.75, 50, 7.5, "k_lms", NoiseSource.Cpu, 4), (defaults.Strength!.Value, defaults.Steps!.Value, defaults.CfgScale!.Value,
            defaults.Sampler, defaults.NoiseSource!.Value, defaults.MaskBlur!.Value));
        Assert.Equal((string.Empty, false, 0.0, false, false, false), (defaults.NegativePrompt, defaults.Karras!.Value, defaults.Eta!.Value,
            defaults.Fit!.Value, defaults.InvertMask!.Value, defaults.VaeSample!.Value));
        Assert.Empty(defaults.Variations!);
        // What has no default stays unstated: a prompt must be given, a seed is chosen, a size is the init image's,
        // SDXL's original size and crop follow the render's size, and tiling the VAE follows the image's size.
        Assert.Equal(["Prompt", "Seed", "DenoiseSteps", "Width", "Height", "VariationSeed", "OriginalSize", "CropTopLeft", "Tiled"], RenderSettings.Names.Except(defaults.StatedNames()));
    }

    [Theory]
    [InlineData("Seed", 0.0, 4294967295.0)]
    [InlineData("Strength", 0.0, 1.0)]
    [InlineData("Steps", 1.0, 1000.0)]
    [InlineData("DenoiseSteps", 1.0, 1000.0)]
    [InlineData("CfgScale", 0.0, 100.0)]
    [InlineData("Eta", 0.0, 1.0)]
    [InlineData("Width", 64.0, 8192.0)]
    [InlineData("Height", 64.0, 8192.0)]
    [InlineData("Variation", 0.0, 1.0)]
    [InlineData("MaskBlur", 0.0, 64.0)]
    public void EachNumberDeclaresItsRange(string setting, double minimum, double maximum)
    {
        var range = RenderSettings.RangeOf(setting)!;
        Assert.Equal((minimum, maximum), (range.Minimum, range.Maximum));
    }

    [Fact]
    public void TheStrongerSourceWinsWhereItStatesASetting()
    {
        var commandLine = new RenderSettings { Prompt = "fire", Strength = 0.3 };
        var record = new RenderSettings { Prompt = "snow", Seed = 7, Strength = 0.9 };

        Assert.Equal(new RenderSettings { Prompt = "fire", Seed = 7, Strength = 0.3 }, commandLine.Over(record));
        Assert.Equal(new RenderSettings { Seed = 7 }, record.Unless(commandLine));
    }

    [Fact]
    public void SettingsCompareByWhatTheySay_ListsIncluded()
    {
        var a = new RenderSettings { Seed = 1, Variations = [new SeedWeight(2, 0.5)] };
        var b = new RenderSettings { Seed = 1, Variations = [new SeedWeight(2, 0.5)] };
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Variations = [new SeedWeight(2, 0.25)] });
        Assert.NotEqual(a, b with { Variations = [] });
    }

    [Fact]
    public void AGridKeepsWhatAllItsImagesAgreeOn()
    {
        RenderSettings Render(double strength) => new() { Prompt = "fire", Seed = 1, Strength = strength, Variations = [new SeedWeight(3, 0.1)] };

        var shared = RenderSettings.Shared([Render(0.3), Render(0.5), Render(0.7)]);

        Assert.Equal(new RenderSettings { Prompt = "fire", Seed = 1, Variations = [new SeedWeight(3, 0.1)] }, shared);
        Assert.Equal(RenderSettings.None, RenderSettings.Shared([]));
    }

    [Fact]
    public void ASeedIsChosenOnlyWhenNoneWasGiven()
    {
        Assert.Equal(42UL, new RenderSettings { Seed = 42 }.WithSeedsChosen().Seed);
        var chosen = new RenderSettings().WithSeedsChosen();
        Assert.InRange(chosen.Seed!.Value, 0UL, uint.MaxValue);
        Assert.Null(chosen.VariationSeed);
        Assert.NotNull(new RenderSettings { Variation = 0.2 }.WithSeedsChosen().VariationSeed);
    }

    [Fact]
    public void RepeatedRendersCountTheSeedUp_WrappingAt32Bits()
    {
        Assert.Equal([100UL, 101UL, 102UL], new RenderSettings { Seed = 100 }.Repeated(3).Select(s => s.Seed!.Value));
        Assert.Equal([uint.MaxValue, 0UL], new RenderSettings { Seed = uint.MaxValue }.Repeated(2).Select(s => s.Seed!.Value));
        var chosen = new RenderSettings().Repeated(2).ToList();
        Assert.Equal(unchecked((uint)chosen[0].Seed!.Value + 1u), chosen[1].Seed);
    }

    [Fact]
    public void RepeatedVariationsKeepTheSeedAndGetAVariationSeedEach()
    {
        var renders = new RenderSettings { Seed = 5, Variation = 0.3 }.Repeated(3).ToList();

        Assert.All(renders, r => Assert.Equal(5UL, r.Seed));
        Assert.Equal(3, renders.Select(r => r.VariationSeed).Distinct().Count());
    }

    [Fact]
    public void ToStringListsWhatIsStated()
    {
        Assert.Equal("Prompt 'fire', Seed 7, Variations 2:0.5", new RenderSettings { Prompt = "fire", Seed = 7, Variations = [new SeedWeight(2, 0.5)] }.ToString());
        Assert.Equal("Variations none", new RenderSettings { Variations = [] }.ToString());
    }

    private static RenderSettings FromCells(params (string Name, object? Value)[] cells) =>
        RenderSettings.From(cells.Select(c => KeyValuePair.Create(c.Name, c.Value)), SettingSource.Item);

    [Fact]
    public void LooselyTypedValuesAreReadAsTheirSettingsTake()
    {
        var settings = FromCells(("Prompt", "fire"), ("Seed", "42"), ("Strength", " 0.7 "), ("Steps", 20L), ("Karras", "True"),
            ("NoiseSource", "cuda"), ("Variations", "7:0.1, 9:0.2"), ("CfgScale", 6), ("Eta", 0.5f));

        Assert.Equal(new RenderSettings
        {
            Prompt = "fire", Seed = 42, Strength = 0.7, Steps = 20, Karras = true, NoiseSource = NoiseSource.Cuda,
            Variations = [new SeedWeight(7, 0.1), new SeedWeight(9, 0.2)], CfgScale = 6, Eta = 0.5,
        }, settings);
    }

    [Fact]
    public void VariationsComeAsTextPairsOrAList()
    {
        Assert.Equal([new SeedWeight(1, 0.5)], FromCells(("Variations", new[] { new SeedWeight(1, 0.5) })).Variations);
        Assert.Equal([new SeedWeight(1, 0.5), new SeedWeight(2, 0.25)], FromCells(("Variations", new object[] { "1:0.5", "2:0.25" })).Variations);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void EmptyCellsAreNotGiven(string? cell) =>
        Assert.Equal(RenderSettings.None, FromCells(("Seed", cell), ("Strength", cell), ("Variations", cell), ("NoiseSource", cell)));

    [Theory]
    [InlineData("Strength", "abc", "Strength 'abc' is not a number from 0 to 1.")]
    [InlineData("Seed", "12abc", "Seed '12abc' is not a whole number from 0 to 4294967295.")]
    [InlineData("Seed", "-5", "Seed '-5' is not a whole number from 0 to 4294967295.")]
    [InlineData("Steps", 10.5, "Steps 10.5 is not a whole number from 1 to 1000.")]
    [InlineData("NoiseSource", "Gpu", "NoiseSource 'Gpu' is not Cpu or Cuda.")]
    [InlineData("NoiseSource", "7", "NoiseSource '7' is not Cpu or Cuda.")]
    [InlineData("Karras", "maybe", "Karras 'maybe' is not true or false.")]
    [InlineData("Variations", "7:2", "'7:2' is not a variation 'seed:weight'")]
    public void AValueOfTheWrongKindNamesTheSettingAndTheValue(string setting, object value, string message)
    {
        var problem = Assert.Throws<RenderSettingException>(() => FromCells((setting, value)));
        Assert.Equal((setting, SettingSource.Item), (problem.Setting, problem.Origin));
        Assert.StartsWith(message, problem.Message);
    }
}

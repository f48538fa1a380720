using InvokeAI.Core.Metadata;
using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Tests.Metadata;

public sealed class A1111ParametersTests
{
    // A1111's documented layout: the prompt's lines, "Negative prompt: ..." lines, then one settings line.
    private const string Sample =
        "a watercolour of a lighthouse,\n" +
        "storm clouds\n" +
        "Negative prompt: blurry, lowres\n" +
        "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 123, Size: 512x768, Model hash: 6ce0161689, Model: x, Denoising strength: 0.6";

    [Fact]
    public void ReadsThePromptsAndSettings()
    {
        var metadata = A1111Parameters.Parse(Sample);
        Assert.NotNull(metadata);
        Assert.Equal(MetadataFormats.A1111, metadata.Format);
        Assert.Equal("a watercolour of a lighthouse,\nstorm clouds", metadata.Settings.Prompt);
        Assert.Equal("blurry, lowres", metadata.Settings.NegativePrompt);
        Assert.Equal(20, metadata.Settings.Steps);
        Assert.Equal("k_euler_a", metadata.Settings.Sampler);
        Assert.False(metadata.Settings.Karras);
        Assert.Equal(7.0, metadata.Settings.CfgScale);
        Assert.Equal(123UL, metadata.Settings.Seed);
        Assert.Equal((512, 768), (metadata.Settings.Width, metadata.Settings.Height));
        Assert.Equal("x", metadata.ModelName);
        Assert.Equal(0.6, metadata.Settings.Strength);
        Assert.Equal(NoiseSource.Cuda, metadata.Settings.NoiseSource);
        Assert.Empty(metadata.Settings.Variations!);
        Assert.Equal(Sample, metadata.SourceText);
    }

    [Theory]
    [InlineData("Sampler: DPM++ 2M", "k_dpmpp_2m", false)]
    [InlineData("Sampler: DPM++ 2M Karras", "k_dpmpp_2m", true)]
    [InlineData("Sampler: DPM++ 2M, Schedule type: Karras", "k_dpmpp_2m", true)]
    [InlineData("Sampler: LMS Karras", "k_lms", true)]
    [InlineData("Sampler: DDIM", "ddim", false)]
    [InlineData("Sampler: LCM", "lcm", false)]
    [InlineData("Sampler: Euler", "k_euler", false)]
    [InlineData("Sampler: DPM2 a", "k_dpm_2_a", false)]
    [InlineData("Sampler: UniPC", "UniPC", false)]
    [InlineData("Sampler: DPM++ SDE Karras", "DPM++ SDE Karras", true)]
    public void MapsSamplerNamesToOurs(string setting, string sampler, bool karras)
    {
        var metadata = A1111Parameters.Parse($"fire\nSteps: 20, {setting}, Seed: 1");
        Assert.Equal((sampler, karras), (metadata!.Settings.Sampler, metadata.Settings.Karras!.Value));
    }

    [Fact]
    public void ReadsQuotedValuesVariationsAndTheNoiseSource()
    {
        var metadata = A1111Parameters.Parse(
            "fire\nSteps: 30, Sampler: DDIM, Lora hashes: \"a: 1, b: 2\", Seed: 9, Variation seed: 77, Variation seed strength: 0.3, RNG: CPU, Eta DDIM: 0.5");
        Assert.NotNull(metadata);
        Assert.Equal((30, 9UL, 0.5), (metadata.Settings.Steps!.Value, metadata.Settings.Seed!.Value, metadata.Settings.Eta!.Value));
        Assert.Equal([new SeedWeight(77, 0.3)], metadata.Settings.Variations);
        Assert.Equal(NoiseSource.Cpu, metadata.Settings.NoiseSource);
        Assert.Equal(string.Empty, metadata.Settings.NegativePrompt);
        Assert.Null(metadata.Settings.Strength);
        Assert.Null(metadata.Settings.Width);
    }

    [Theory]
    [InlineData("just a caption")]
    [InlineData("")]
    public void TextWithoutSettingsIsNotA1111s(string text) => Assert.Null(A1111Parameters.Parse(text));
}

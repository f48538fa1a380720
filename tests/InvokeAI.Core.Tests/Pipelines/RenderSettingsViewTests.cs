using System.Reflection;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>
/// The types that carry a RenderSettings show every setting as a property of their own, generated to read through
/// to Settings (src/InvokeAI.Generators), so a setting added to the record appears on them by itself.
/// </summary>
public sealed class RenderSettingsViewTests
{
    public static TheoryData<string> SettingNames() => new(RenderSettings.Names);

    private static readonly RenderSettings Sample = new()
    {
        Prompt = "fire", NegativePrompt = "smoke", Seed = 7, Strength = 0.5, Steps = 10, DenoiseSteps = 4, CfgScale = 6, Sampler = "k_euler",
        Karras = true, Eta = 0.1, NoiseSource = InvokeAI.Core.Noise.NoiseSource.Cuda, Width = 512, Height = 768, Fit = true, Variations = [new(1, 0.2)],
        Variation = 0.3, VariationSeed = 9, InvertMask = true, MaskBlur = 8,
    };

    [Theory]
    [MemberData(nameof(SettingNames))]
    public void ARecordReadFromAFileShowsEachSetting(string name)
    {
        var metadata = new ImageMetadata { Format = MetadataFormats.InvokeAIPowerShell, Settings = Sample };
        var property = typeof(ImageMetadata).GetProperty(name, BindingFlags.Public | BindingFlags.Instance)!;

        Assert.Equal(typeof(RenderSettings).GetProperty(name)!.PropertyType, property.PropertyType);
        Assert.False(property.CanWrite);
        Assert.Equal(Sample.ValueOf(name), property.GetValue(metadata));
    }

    [Theory]
    [MemberData(nameof(SettingNames))]
    public void ARenderedImageShowsEachSetting_ExceptTheSizeOfItsPixels(string name)
    {
        var image = new DiffusionImage { Pixels = new RgbaImage(64, 32), Settings = Sample };
        var property = typeof(DiffusionImage).GetProperty(name, BindingFlags.Public | BindingFlags.Instance)!;

        if (name is "Width" or "Height")
            Assert.Equal(name == "Width" ? 64 : 32, property.GetValue(image));
        else
            Assert.Equal(Sample.ValueOf(name), property.GetValue(image));
    }
}

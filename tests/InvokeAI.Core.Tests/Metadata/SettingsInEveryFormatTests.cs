using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Tests.Metadata;

/// <summary>
/// Every render setting, enumerated from <see cref="RenderSettings"/> itself, goes through every file format that can
/// hold it and comes back the same. A setting added to the record fails here until it has a sample value and each
/// format either carries it or is listed as unable to.
/// </summary>
public sealed class SettingsInEveryFormatTests
{
    /// <summary>A value for every setting, none of them a default, so a format that drops one cannot pass by luck.</summary>
    private static readonly RenderSettings Sample = new()
    {
        Prompt = "a red barn, golden hour",
        NegativePrompt = "fog",
        PromptSyntax = PromptSyntax.A1111,
        Seed = 3_900_000_001,
        Strength = 0.6,
        Steps = 30,
        DenoiseSteps = 12,
        CfgScale = 6.5,
        Sampler = "k_euler_a",
        Karras = true,
        Eta = 0.3,
        NoiseSource = NoiseSource.Cuda,
        Compatibility = RenderCompatibility.InvokeAI2,
        Width = 512,
        Height = 768,
        Fit = true,
        Variations = [new SeedWeight(7, 0.1), new SeedWeight(9, 0.2)],
        Variation = 0.25,
        VariationSeed = 1234,
        InvertMask = true,
        MaskBlur = 9,
        VaeSample = true,
        OriginalSize = new PixelSize(2048, 1536),
        CropTopLeft = new PixelOffset(64, 32),
        Tiled = true,
    };

    /// <summary>Settings of what InvokeAI 2.x could not render (SDXL's size conditioning) or did not offer: no other tool's format holds them.</summary>
    private static readonly string[] NewerThanInvokeAI2 = ["VaeSample", "OriginalSize", "CropTopLeft", "Tiled"];

    /// <summary>The formats the module writes, with their reader; each is given one setting at a time.</summary>
    public static TheoryData<string> WrittenFormats() => new("record", "Dream", "sd-metadata");

    /// <summary>
    /// What each written format cannot hold. InvokeAI's formats say what its command line says (their Compatibility
    /// comes from the app version InvokeAI itself records, never the module's); a render records
    /// DenoiseSteps, Fit and the new Variation as what they became (Steps, the size, Variations), never as themselves.
    /// </summary>
    private static readonly Dictionary<string, string[]> NotCarried = new()
    {
        ["record"] = [],
        ["Dream"] = ["PromptSyntax", "DenoiseSteps", "Karras", "Eta", "NoiseSource", "Compatibility", "Fit", "Variation", "VariationSeed", "InvertMask", "MaskBlur", .. NewerThanInvokeAI2],
        ["sd-metadata"] = ["PromptSyntax", "DenoiseSteps", "Karras", "Eta", "NoiseSource", "Compatibility", "Fit", "Variation", "VariationSeed", "InvertMask", "MaskBlur", .. NewerThanInvokeAI2],
    };

    private static ImageMetadata? WriteAndRead(string format, RenderSettings settings)
    {
        var image = new DiffusionImage { Pixels = new RgbaImage(8, 8), Settings = settings };
        return format switch
        {
            "record" => RenderRecordJson.TryRead(RenderRecordJson.Write(image)),
            "Dream" => DreamCommand.Parse(DreamCommand.Write(image)),
            "sd-metadata" => SdMetadataJson.Parse(SdMetadataJson.Write(image)),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    [Fact]
    public void TheSampleHasAValueForEverySetting() =>
        Assert.Equal(RenderSettings.Names, Sample.StatedNames());

    [Theory]
    [MemberData(nameof(WrittenFormats))]
    public void EverySettingAFormatCarriesComesBackAsItWasWritten(string format)
    {
        foreach (string setting in RenderSettings.Names)
        {
            object? written = Sample.ValueOf(setting);
            object? read = WriteAndRead(format, Only(setting))?.Settings.ValueOf(setting);

            if (NotCarried[format].Contains(setting))
                Assert.False(SameValue(written, read), $"{format} is listed as unable to hold {setting}, yet it brought back {read}.");
            else
                Assert.True(SameValue(written, read), $"{format} wrote {setting} = {Show(written)} and read back {Show(read)}.");
        }
    }

    [Fact]
    public void TheModulesRecordCarriesAllSettingsAtOnce() =>
        Assert.Equal(Sample, WriteAndRead("record", Sample)!.Settings);

    [Theory]
    [MemberData(nameof(WrittenFormats))]
    public void InvokeAIsFormatsCarryAllTheyCanAtOnce(string format)
    {
        var read = WriteAndRead(format, Sample)!.Settings;
        foreach (string setting in RenderSettings.Names.Except(NotCarried[format]))
            Assert.True(SameValue(Sample.ValueOf(setting), read.ValueOf(setting)), $"{format}: {setting}");
    }

    /// <summary>
    /// Formats only read (other tools write them): a file with every setting the tool records gives exactly those
    /// settings, and nothing else stated.
    /// </summary>
    public static TheoryData<string, string, RenderSettings, string[]> ReadFormats() => new()
    {
        {
            "A1111",
            "a red barn, golden hour\nNegative prompt: fog\nSteps: 30, Sampler: Euler a, Schedule type: Karras, CFG scale: 6.5, Seed: 3900000001, " +
            "Size: 512x768, Model: sd15, Denoising strength: 0.6, Eta DDIM: 0.3, Variation seed: 7, Variation seed strength: 0.1, Mask blur: 9",
            new RenderSettings
            {
                Prompt = "a red barn, golden hour", NegativePrompt = "fog", PromptSyntax = PromptSyntax.A1111, Steps = 30, Sampler = "k_euler_a", Karras = true, CfgScale = 6.5,
                Seed = 3_900_000_001, Width = 512, Height = 768, Strength = 0.6, Eta = 0.3, NoiseSource = NoiseSource.Cuda,
                Variations = [new SeedWeight(7, 0.1)], MaskBlur = 9,
            },
            ["Compatibility", "DenoiseSteps", "Fit", "Variation", "VariationSeed", "InvertMask", .. NewerThanInvokeAI2]
        },
        {
            "ComfyUI",
            """
            {"3": {"class_type": "KSampler", "inputs": {"seed": 3900000001, "steps": 30, "cfg": 6.5, "sampler_name": "euler_ancestral",
                   "scheduler": "karras", "denoise": 0.6, "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
             "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd15.safetensors"}},
             "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 768, "batch_size": 1}},
             "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a red barn, golden hour", "clip": ["4", 1]}},
             "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "fog", "clip": ["4", 1]}}}
            """,
            new RenderSettings
            {
                Prompt = "a red barn, golden hour", NegativePrompt = "fog", PromptSyntax = PromptSyntax.ComfyUI, Steps = 30, Sampler = "k_euler_a", Karras = true, CfgScale = 6.5,
                Seed = 3_900_000_001, Width = 512, Height = 768, Strength = 0.6, NoiseSource = NoiseSource.Cpu, Variations = [],
            },
            ["Eta", "Compatibility", "DenoiseSteps", "Fit", "Variation", "VariationSeed", "InvertMask", "MaskBlur", .. NewerThanInvokeAI2]
        },
    };

    [Theory]
    [MemberData(nameof(ReadFormats))]
    public void AnotherToolsRecordGivesExactlyTheSettingsItHolds(string format, string text, RenderSettings expected, string[] notCarried)
    {
        var metadata = format == "A1111" ? A1111Parameters.Parse(text) : ComfyUIPrompt.Parse(text);

        Assert.Equal(expected, metadata!.Settings);
        // Every setting is accounted for: read from the file, or one the tool does not record.
        Assert.Equal(RenderSettings.Names.Order(), expected.StatedNames().Concat(notCarried).Order());
    }

    /// <summary>The sample's value of one setting, and nothing else stated.</summary>
    private static RenderSettings Only(string setting)
    {
        var settings = new RenderSettings();
        typeof(RenderSettings).GetProperty(setting)!.SetValue(settings, Sample.ValueOf(setting));
        return settings;
    }

    private static bool SameValue(object? a, object? b) =>
        a is IEnumerable<SeedWeight> x && b is IEnumerable<SeedWeight> y ? x.SequenceEqual(y) : Equals(a, b);

    private static string Show(object? value) => value is IEnumerable<SeedWeight> pairs ? SeedWeight.Format(pairs) : $"{value ?? "null"}";
}

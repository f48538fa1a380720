using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Metadata;

/// <summary>The readers state <see cref="RenderCompatibility.InvokeAI2"/> for the records InvokeAI 2.0 to 2.2.5 wrote, and only for those.</summary>
public sealed class InvokeAI2RecordTests
{
    /// <summary>An img2img sd-metadata as InvokeAI's metadata_dumps writes it (the strength under "strength_steps").</summary>
    private static string SdMetadata(string appId, string appVersion, string sampler = "k_euler") =>
        $$$"""
        {"model": "stable diffusion", "model_id": "stable-diffusion-1.5", "model_hash": "abc", "app_id": "{{{appId}}}", "app_version": "{{{appVersion}}}",
         "image": {"type": "img2img", "prompt": [{"prompt": "a red barn", "weight": 1.0}], "seed": 1592514025, "variations": [], "steps": 20,
                   "cfg_scale": 7.5, "width": 512, "height": 512, "sampler": "{{{sampler}}}", "strength_steps": 0.6, "orig_hash": "abc"}}
        """;

    [Theory]
    [InlineData("v2.02")]   // 2.1.0 to 2.1.2
    [InlineData("v2.1.2")]  // 2.1.3
    [InlineData("v2.2.0")]  // 2.2.0 to 2.2.3
    [InlineData("2.2.4")]
    [InlineData("2.2.5")]
    public void InvokeAI21To225RecordsStateInvokeAI2(string version)
    {
        var settings = SdMetadataJson.Parse(SdMetadata("invoke-ai/InvokeAI", version))!.Settings;
        Assert.Equal(RenderCompatibility.InvokeAI2, settings.Compatibility);
        // Left to the step rule, as InvokeAI left it.
        Assert.Null(settings.Karras);
    }

    [Fact]
    public void InvokeAI20RecordsStateInvokeAI2WithKarrasOff()
    {
        var settings = SdMetadataJson.Parse(SdMetadata("lstein/stable-diffusion", "v1.15"))!.Settings;
        Assert.Equal((RenderCompatibility.InvokeAI2, false), (settings.Compatibility!.Value, settings.Karras!.Value));
    }

    [Theory]
    [InlineData("invoke-ai/InvokeAI", "2.3.0")]
    [InlineData("invoke-ai/InvokeAI", "3.0.1")]
    [InlineData("invoke-ai/InvokeAI", "unknown")]
    [InlineData("someone/else", "2.2.5")]
    public void OtherAppsAndVersionsStateNothing(string appId, string version) =>
        Assert.Null(SdMetadataJson.Parse(SdMetadata(appId, version))!.Settings.Compatibility);

    [Fact]
    public void InvokeAIsStrengthIsReadFromStrengthSteps() =>
        Assert.Equal(0.6, SdMetadataJson.Parse(SdMetadata("invoke-ai/InvokeAI", "2.2.5"))!.Settings.Strength);

    [Fact]
    public void TheModulesOwnSdMetadataStatesNothing()
    {
        var image = new DiffusionImage { Pixels = new RgbaImage(8, 8), Settings = new RenderSettings { Prompt = "fire", Seed = 1, Compatibility = RenderCompatibility.InvokeAI2 } };
        Assert.Null(SdMetadataJson.Parse(SdMetadataJson.Write(image))!.Settings.Compatibility);
    }

    [Fact]
    public void A1111AndDreamLinesStateNothing()
    {
        Assert.Null(A1111Parameters.Parse("a red barn\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 1, Size: 512x512")!.Settings.Compatibility);
        // A Dream line carries no version: InvokeAI 2.x always wrote sd-metadata beside it.
        Assert.Null(DreamCommand.Parse("\"a red barn\" -s 20 -S 1 -A k_euler -f 0.6")!.Settings.Compatibility);
    }

    [Fact]
    public void AFileWithInvokeAI2sChunksIsReadAsInvokeAI2()
    {
        var text = new ImageFileText(new Dictionary<string, string>
        {
            [DreamCommand.Keyword] = "\"a red barn\" -s 20 -S 1592514025 -W 512 -H 512 -C 7.5 -I init.png -A k_euler -f 0.6",
            [SdMetadataJson.Keyword] = SdMetadata("invoke-ai/InvokeAI", "2.2.5"),
        }, null);
        Assert.Equal(RenderCompatibility.InvokeAI2, ImageMetadataReader.Read(text)!.Settings.Compatibility);
    }

    [Fact]
    public void ARecordsCompatibilityIsTakenUnlessTheCommandLineGivesOne()
    {
        var record = SdMetadataJson.Parse(SdMetadata("invoke-ai/InvokeAI", "2.2.5"))!;

        var fromRecord = new RenderSettingsResolver(new RenderSettings(), record).ForItem(RenderSettings.None);
        var given = new RenderSettingsResolver(new RenderSettings { Compatibility = RenderCompatibility.Module }, record).ForItem(RenderSettings.None);

        // 20 steps with k_euler under InvokeAI 2.x's rule: Karras.
        Assert.Equal((RenderCompatibility.InvokeAI2, true), (fromRecord.Compatibility!.Value, fromRecord.Karras!.Value));
        Assert.Equal((RenderCompatibility.Module, false), (given.Compatibility!.Value, given.Karras!.Value));
    }
}

using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Metadata;

/// <summary>The module's own record (<see cref="RenderRecordJson"/>): every setting and what the render found out.</summary>
public sealed class RenderRecordTests
{
    [Fact]
    public void TheRecordHoldsWhatTheRenderFoundOut()
    {
        var metadata = RenderRecordJson.TryRead(RenderRecordJson.Write(SampleRecords.Render()))!;
        Assert.Equal(MetadataFormats.InvokeAIPowerShell, metadata.Format);
        Assert.Equal(RenderRecordJson.CurrentModuleVersion, metadata.ModuleVersion);
        Assert.Matches(@"^\d+\.\d+\.\d+", metadata.ModuleVersion);
        Assert.Equal(37, metadata.StepsTaken);
        Assert.Equal(("stable-diffusion-v1-5-onnx", "/models/stable-diffusion-v1-5-onnx"), (metadata.ModelName, metadata.ModelPath));
        Assert.Equal("CPU", metadata.Provider);
        Assert.Equal(("/sketches/fire place.png", new string('a', 64)), (metadata.InitImagePath, metadata.InitImageHash));
        Assert.Equal((true, new string('b', 64)), (metadata.Inpainted!.Value, metadata.MaskHash));
        Assert.Equal((MaskSource.Mask, "/masks/fire place mask.png"), (metadata.MaskSource!.Value, metadata.MaskPath));
        Assert.Null(metadata.Step);
        Assert.Equal(SampleRecords.Render().Settings, metadata.Settings);
    }

    [Fact]
    public void JsonUsesCamelCaseNamesLeavesOutNullsAndKeepsTextReadable()
    {
        string json = RenderRecordJson.Write(new DiffusionImage { Pixels = new RgbaImage(8, 8), Settings = new() { Prompt = "café \"q\"", Seed = 1 } });
        Assert.StartsWith("{\"format\":\"InvokeAI.PowerShell\",\"formatVersion\":1,", json);
        Assert.Contains("\"seed\":1", json);
        Assert.Contains("café", json);
        Assert.DoesNotContain("negativePrompt", json);
        Assert.DoesNotContain("null", json);
        Assert.Equal("café \"q\"", RenderRecordJson.TryRead(json)!.Settings.Prompt);
    }

    [Fact]
    public void TheRecordHoldsTheSettingsAndWhatTheRenderFoundOut_NothingElse()
    {
        using var json = System.Text.Json.JsonDocument.Parse(RenderRecordJson.Write(SampleRecords.Render()));
        string[] found = ["format", "formatVersion", "moduleVersion", "stepsTaken", "model", "provider", "initImage", "maskHash", "inpainted", "maskSource", "maskPath", "step"];
        var settings = RenderSettings.Names.Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName);

        Assert.Empty(json.RootElement.EnumerateObject().Select(p => p.Name).Except(settings.Concat(found)));
    }

    [Fact]
    public void EnumsAreWrittenByName()
    {
        string json = RenderRecordJson.Write(SampleRecords.Render());

        Assert.Contains("\"noiseSource\":\"Cpu\"", json);
        Assert.Contains("\"maskSource\":\"Mask\"", json);
        Assert.Contains("\"maskPath\":\"/masks/fire place mask.png\"", json);
        Assert.Contains("\"invertMask\":true", json);
        Assert.Contains("\"maskBlur\":10", json);
    }

    [Theory]
    [InlineData("{\"prompt\":\"fire\",\"seed\":1}")]
    [InlineData("{\"format\":\"other\",\"prompt\":\"fire\"}")]
    [InlineData("[1,2]")]
    [InlineData("Steps: 20, Sampler: Euler a")]
    [InlineData("")]
    public void OnlyJsonMarkedAsTheModulesIsARecord(string text) => Assert.Null(RenderRecordJson.TryRead(text));

    [Fact]
    public void IntermediateStepsRecordTheirStepAndTheRendersSize()
    {
        // A step preview's pixels may be 1/8 of the render: the record keeps the render's size, which re-renders it.
        var step = new DiffusionImage { Pixels = new RgbaImage(8, 8), Settings = new() { Prompt = "fire", Seed = 3, Width = 64, Height = 64 }, Step = 4 };
        var metadata = RenderRecordJson.TryRead(RenderRecordJson.Write(step))!;
        Assert.Equal(4, metadata.Step);
        Assert.Equal((64, 64), (metadata.Settings.Width!.Value, metadata.Settings.Height!.Value));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("2.5")]
    [InlineData("1e10")]
    [InlineData("\"v2\"")]
    [InlineData("true")]
    [InlineData("0")]
    public void ARecordOfAnotherFormatVersionIsRefusedWhole(string version)
    {
        string json = "{\"format\":\"InvokeAI.PowerShell\",\"formatVersion\":" + version + ",\"prompt\":\"blue\",\"seed\":1}";
        var e = Assert.Throws<MetadataVersionException>(() => RenderRecordJson.TryRead(json));
        Assert.Equal(version, e.Version);
        Assert.Contains("versions 1 to 1", e.Message);
    }

    [Fact]
    public void ARecordOfVersionOneOrWithoutAVersionReads()
    {
        Assert.NotNull(RenderRecordJson.TryRead("{\"format\":\"InvokeAI.PowerShell\",\"formatVersion\":1,\"prompt\":\"blue\"}"));
        Assert.NotNull(RenderRecordJson.TryRead("{\"format\":\"InvokeAI.PowerShell\",\"prompt\":\"blue\"}"));
    }

    [Fact]
    public void ARecordWrittenBeforeTheMaskSettingsWereKeptStillReads()
    {
        // As version 0.1.0 wrote an inpainting: the mask's hash, nothing of its settings.
        const string json = "{\"format\":\"InvokeAI.PowerShell\",\"formatVersion\":1,\"moduleVersion\":\"0.1.0\",\"prompt\":\"blue\"," +
                            "\"seed\":1,\"steps\":6,\"maskHash\":\"c\",\"inpainted\":true}";

        var metadata = RenderRecordJson.TryRead(json)!;

        Assert.True(metadata.Inpainted);
        Assert.Equal("c", metadata.MaskHash);
        Assert.Null(metadata.MaskSource);
        Assert.Null(metadata.MaskPath);
        Assert.Null(metadata.Settings.InvertMask);
        Assert.Null(metadata.Settings.MaskBlur);
    }

    [Fact]
    public void ARecordAsTheFirstVersionWroteItReadsTheSame()
    {
        // Written by 0.1.0 before the settings became one record: the same names, in another order.
        const string json = "{\"format\":\"InvokeAI.PowerShell\",\"formatVersion\":1,\"moduleVersion\":\"0.1.0\",\"prompt\":\"fire\"," +
                            "\"negativePrompt\":\"smoke\",\"seed\":42,\"variations\":[{\"seed\":7,\"weight\":0.25}],\"steps\":6,\"stepsTaken\":3," +
                            "\"strength\":0.5,\"cfgScale\":6,\"sampler\":\"k_euler\",\"karras\":true,\"eta\":0,\"noiseSource\":\"Cuda\",\"width\":64," +
                            "\"height\":64,\"model\":{\"name\":\"demo\",\"path\":\"/m/demo\"},\"provider\":\"CPU\",\"initImage\":{\"path\":\"/s.png\",\"hash\":\"ab\"}}";

        var metadata = RenderRecordJson.TryRead(json)!;

        Assert.Equal(new RenderSettings
        {
            Prompt = "fire", NegativePrompt = "smoke", Seed = 42, Variations = [new SeedWeight(7, 0.25)], Steps = 6, Strength = 0.5,
            CfgScale = 6, Sampler = "k_euler", Karras = true, Eta = 0, NoiseSource = NoiseSource.Cuda, Width = 64, Height = 64,
        }, metadata.Settings);
        Assert.Equal((3, "demo", "/m/demo", "/s.png", "ab"), (metadata.StepsTaken!.Value, metadata.ModelName, metadata.ModelPath, metadata.InitImagePath, metadata.InitImageHash));
    }

    [Fact]
    public void AValueThisVersionCannotReadLeavesThatSettingOut_NotTheRecord()
    {
        const string json = "{\"format\":\"InvokeAI.PowerShell\",\"formatVersion\":1,\"prompt\":\"fire\",\"seed\":42," +
                            "\"noiseSource\":\"Gpu\",\"steps\":\"ten\",\"karras\":true,\"maskHash\":\"c\"}";

        var metadata = RenderRecordJson.TryRead(json)!;

        Assert.Equal(new RenderSettings { Prompt = "fire", Seed = 42, Karras = true }, metadata.Settings);
        Assert.Equal("c", metadata.MaskHash);
    }

    [Fact]
    public void OnlyRenderedImagesGetMetadata()
    {
        Assert.Null(RenderMetadata.For(new DiffusionImage { Pixels = new RgbaImage(8, 8), SourcePath = "/a.png" }));
        var text = RenderMetadata.For(SampleRecords.Render());
        Assert.NotNull(text);
        Assert.Equal(["Dream", "invokeai-powershell", "sd-metadata"], text.Chunks.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(text.Chunks["invokeai-powershell"], text.Comment);
    }
}

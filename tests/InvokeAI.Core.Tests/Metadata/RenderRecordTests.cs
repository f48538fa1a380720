using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Tests.Metadata;

public sealed class RenderRecordTests
{
    [Fact]
    public void TheRecordHoldsEveryParameterOfTheImage()
    {
        var record = SampleRecords.Record();
        Assert.Equal(MetadataFormats.InvokeAIPowerShell, record.Format);
        Assert.Equal(RenderRecord.CurrentFormatVersion, record.FormatVersion);
        Assert.Equal(RenderRecord.CurrentModuleVersion, record.ModuleVersion);
        Assert.Matches(@"^\d+\.\d+\.\d+", record.ModuleVersion);
        Assert.Equal((64, 128), (record.Width, record.Height));
        Assert.Equal(new ModelReference("stable-diffusion-v1-5-onnx", "/models/stable-diffusion-v1-5-onnx"), record.Model);
        Assert.Equal(new InitImageReference("/sketches/fire place.png", new string('a', 64)), record.InitImage);
        Assert.Null(record.Step);
    }

    [Fact]
    public void JsonRoundTripKeepsEveryField()
    {
        var record = SampleRecords.Record();
        string json = RenderRecordJson.Write(record);
        var back = RenderRecordJson.TryParse(json);

        Assert.NotNull(back);
        Assert.Equal(record.Variations, back.Variations);
        // Records compare lists by reference: with the lists equal, the rest must be equal field by field.
        Assert.Equal(record with { Variations = null }, back with { Variations = null });
        Assert.Equal(json, RenderRecordJson.Write(back));
    }

    [Fact]
    public void JsonUsesCamelCaseNamesLeavesOutNullsAndKeepsTextReadable()
    {
        var record = RenderRecord.From(new DiffusionImage { Pixels = new RgbaImage(8, 8), Prompt = "café \"q\"", Seed = 1 });
        string json = RenderRecordJson.Write(record);
        Assert.Contains("\"format\":\"InvokeAI.PowerShell\"", json);
        Assert.Contains("\"seed\":1", json);
        Assert.Contains("café", json);
        Assert.DoesNotContain("negativePrompt", json);
        Assert.DoesNotContain("null", json);
        Assert.Equal("café \"q\"", RenderRecordJson.TryParse(json)!.Prompt);
    }

    [Theory]
    [InlineData("{\"prompt\":\"fire\",\"seed\":1}")]
    [InlineData("{\"format\":\"other\",\"prompt\":\"fire\"}")]
    [InlineData("[1,2]")]
    [InlineData("Steps: 20, Sampler: Euler a")]
    [InlineData("")]
    public void OnlyJsonMarkedAsTheModulesIsARecord(string text) => Assert.Null(RenderRecordJson.TryParse(text));

    [Fact]
    public void IntermediateStepsRecordTheirStepButNotTheirPictureSize()
    {
        var step = new DiffusionImage { Pixels = new RgbaImage(8, 8), Prompt = "fire", Seed = 3, Step = 4 };
        var record = RenderRecord.From(step);
        Assert.Equal(4, record.Step);
        Assert.Null(record.Width);
        Assert.Null(record.Height);
    }

    [Fact]
    public void TheRecordAsMetadataKeepsWhatOnlyItHas()
    {
        var metadata = SampleRecords.Record().ToMetadata();
        Assert.Equal(MetadataFormats.InvokeAIPowerShell, metadata.Format);
        Assert.Equal("fire on a hill", metadata.Prompt);
        Assert.Equal("smoke", metadata.NegativePrompt);
        Assert.Equal(1592514025UL, metadata.Seed);
        Assert.Equal([new SeedWeight(42, 0.1), new SeedWeight(7, 0.25)], metadata.Variations);
        Assert.True(metadata.Karras);
        Assert.Equal(0, metadata.Eta);
        Assert.Equal("Cpu", metadata.NoiseSource);
        Assert.Equal(37, metadata.StepsTaken);
        Assert.Equal("stable-diffusion-v1-5-onnx", metadata.ModelName);
        Assert.Equal("/models/stable-diffusion-v1-5-onnx", metadata.ModelPath);
        Assert.Equal("/sketches/fire place.png", metadata.InitImagePath);
        Assert.Equal(new string('b', 64), metadata.MaskHash);
        Assert.True(metadata.Inpainted);
        Assert.Equal(MaskSources.Mask, metadata.MaskSource);
        Assert.Equal("/masks/fire place mask.png", metadata.MaskPath);
        Assert.True(metadata.InvertMask);
        Assert.Equal(10, metadata.MaskBlur);
    }

    [Fact]
    public void TheMaskSettingsAreWrittenUnderTheirOwnNames()
    {
        string json = RenderRecordJson.Write(SampleRecords.Record());

        Assert.Contains("\"maskSource\":\"Mask\",\"maskPath\":\"/masks/fire place mask.png\",\"invertMask\":true,\"maskBlur\":10", json);
    }

    [Fact]
    public void ARecordWrittenBeforeTheMaskSettingsWereKeptStillReads()
    {
        // As version 0.1.0 wrote an inpainting: the mask's hash, nothing of its settings.
        const string json = "{\"format\":\"InvokeAI.PowerShell\",\"formatVersion\":1,\"moduleVersion\":\"0.1.0\",\"prompt\":\"blue\"," +
                            "\"seed\":1,\"steps\":6,\"maskHash\":\"c\",\"inpainted\":true}";

        var metadata = RenderRecordJson.TryParse(json)!.ToMetadata();

        Assert.True(metadata.Inpainted);
        Assert.Equal("c", metadata.MaskHash);
        Assert.Null(metadata.MaskSource);
        Assert.Null(metadata.MaskPath);
        Assert.Null(metadata.InvertMask);
        Assert.Null(metadata.MaskBlur);
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

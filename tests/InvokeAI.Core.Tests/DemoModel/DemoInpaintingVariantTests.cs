using System.Text.Json;
using InvokeAI.Core.Tests.Pipelines;
using InvokeAI.DemoModel;
using Microsoft.ML.OnnxRuntime;

namespace InvokeAI.Core.Tests.DemoModel;

/// <summary>
/// The demo model's inpainting variant is laid out as an inpainting export: its UNet takes a 9-channel sample and
/// still answers with 4 channels, and its folder says which variant it is.
/// </summary>
public sealed class DemoInpaintingVariantTests(InpaintingDemoModels models) : IClassFixture<InpaintingDemoModels>
{
    [Fact]
    public void TheUnetTakesNineChannelsAndAnswersWithFour()
    {
        using var unet = new InferenceSession(Path.Combine(models.InpaintingFolder, "unet", "model.onnx"));

        var sample = unet.InputMetadata["sample"];
        Assert.Equal([-1, 9, -1, -1], sample.Dimensions);
        Assert.Equal("batch", sample.SymbolicDimensions[0]);
        Assert.Equal(["sample", "timestep", "encoder_hidden_states"], unet.InputMetadata.Keys);
        Assert.Equal([-1, 4, -1, -1], unet.OutputMetadata["out_sample"].Dimensions);
    }

    [Fact]
    public void ModelIndexRecordsTheVariant()
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(models.InpaintingFolder, "model_index.json")));

        Assert.Equal("OnnxStableDiffusionInpaintPipeline", index.RootElement.GetProperty("_class_name").GetString());
        Assert.True(index.RootElement.GetProperty("demo").GetProperty("inpainting").GetBoolean());
    }

    [Fact]
    public void TheOrdinaryModelIndexSaysNothingAboutInpainting()
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(models.OrdinaryFolder, "model_index.json")));

        Assert.Equal("OnnxStableDiffusionImg2ImgPipeline", index.RootElement.GetProperty("_class_name").GetString());
        Assert.False(index.RootElement.GetProperty("demo").TryGetProperty("inpainting", out _));
    }

    [Fact]
    public void AFolderIsCurrentOnlyForItsOwnVariant()
    {
        var inpainting = new DemoModelOptions { Inpainting = true };

        Assert.True(DemoModelBuilder.IsCurrent(models.InpaintingFolder, inpainting));
        Assert.False(DemoModelBuilder.IsCurrent(models.InpaintingFolder));
        Assert.False(DemoModelBuilder.IsCurrent(models.OrdinaryFolder, inpainting));
        Assert.True(DemoModelBuilder.IsCurrent(models.OrdinaryFolder));
    }
}

using System.Text.Json;
using InvokeAI.Core.Tests.Pipelines;
using InvokeAI.DemoModel;
using Microsoft.ML.OnnxRuntime;

namespace InvokeAI.Core.Tests.DemoModel;

/// <summary>
/// The demo's channel declarations lay the folder out as each exporter does: the UNet's channel axis named as that
/// exporter names it, and only the files it writes beside it.
/// </summary>
public sealed class DemoChannelDeclarationTests(ChannelDeclarationDemoModels variants) : IClassFixture<ChannelDeclarationDemoModels>
{
    [Theory]
    [InlineData(DemoChannelDeclaration.UnetConfig, "num_channels", "ORTStableDiffusionInpaintPipeline", true)]
    [InlineData(DemoChannelDeclaration.FirstConvolution, "channels", "OnnxStableDiffusionPipeline", false)]
    [InlineData(DemoChannelDeclaration.PipelineClass, "channels", "OnnxStableDiffusionInpaintPipeline", false)]
    [InlineData(DemoChannelDeclaration.Nothing, "channels", "OnnxStableDiffusionPipeline", false)]
    public void TheFolderIsLaidOutAsItsExporterWritesIt(DemoChannelDeclaration channels, string axis, string className, bool unetConfig)
    {
        string folder = variants.Build(inpainting: true, channels, $"layout-{channels}");

        using var unet = new InferenceSession(Path.Combine(folder, "unet", "model.onnx"));
        var sample = unet.InputMetadata["sample"];
        Assert.Equal([-1, -1, -1, -1], sample.Dimensions);
        Assert.Equal(axis, sample.SymbolicDimensions[1]);
        Assert.Equal([-1, 4, -1, -1], unet.OutputMetadata["out_sample"].Dimensions);

        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "model_index.json")));
        Assert.Equal(className, index.RootElement.GetProperty("_class_name").GetString());

        string config = Path.Combine(folder, "unet", "config.json");
        Assert.Equal(unetConfig, File.Exists(config));
        if (unetConfig)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(config));
            Assert.Equal(9, json.RootElement.GetProperty("in_channels").GetInt32());
        }
    }

    [Fact]
    public void AFolderIsCurrentOnlyForItsOwnDeclaration()
    {
        var named = new DemoModelOptions { Inpainting = true, Channels = DemoChannelDeclaration.UnetConfig };
        string folder = variants.Build(inpainting: true, DemoChannelDeclaration.UnetConfig, "current");

        Assert.True(DemoModelBuilder.IsCurrent(folder, named));
        Assert.False(DemoModelBuilder.IsCurrent(folder, named with { Channels = DemoChannelDeclaration.InputShape }));
        Assert.False(DemoModelBuilder.IsCurrent(folder, named with { Channels = DemoChannelDeclaration.Nothing }));
    }
}

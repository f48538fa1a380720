using InvokeAI.Core.Models;
using InvokeAI.Core.Tests.Pipelines;
using InvokeAI.DemoModel;
using Node = InvokeAI.Core.Models.OnnxGraphOutline.Node;

namespace InvokeAI.Core.Tests.Models;

/// <summary>
/// The channels of a UNet whose sample axis is symbolic, read from its first convolution's weight: in the file the
/// demo writes as diffusers' convert script does, and in the forms optimisers and fp16 converters leave behind.
/// </summary>
public sealed class FirstConvolutionChannelsTests(ChannelDeclarationDemoModels variants) : IClassFixture<ChannelDeclarationDemoModels>
{
    [Theory]
    [InlineData(true, 9)]
    [InlineData(false, 4)]
    public void TheDemoExportsConvInIsFoundInTheFile(bool inpainting, int expected)
    {
        string folder = variants.Build(inpainting, DemoChannelDeclaration.FirstConvolution, $"conv-in-{inpainting}");

        var outline = OnnxGraphOutline.Read(Path.Combine(folder, "unet", "model.onnx"));

        Assert.Equal([expected, expected, 1, 1], outline.InitializerShapes["conv_in.weight"]);
        Assert.Equal(expected, FirstConvolutionChannels.Of(outline, "sample"));
    }

    [Fact]
    public void AUnetWithoutConvolutionTellsNothing()
    {
        string folder = variants.Build(true, DemoChannelDeclaration.PipelineClass, "no-conv-in");

        Assert.Null(FirstConvolutionChannels.Of(OnnxGraphOutline.Read(Path.Combine(folder, "unet", "model.onnx")), "sample"));
    }

    [Fact]
    public void TheShapeReadsOfSampleAreStepped()
    {
        // diffusers' UNet reads sample.shape for the timestep's batch before conv_in sees it.
        var graph = Graph(("Shape", ["sample"], ["shape"]), ("Conv", ["sample", "w"], ["h"]));
        graph.InitializerShapes["w"] = [320, 9, 3, 3];

        Assert.Equal(9, FirstConvolutionChannels.Of(graph, "sample"));
    }

    [Fact]
    public void AnFp16ExportWithFloat32InputsCastsFirst()
    {
        var graph = Graph(("Cast", ["sample"], ["half"]), ("Cast", ["w16"], ["w"]), ("Conv", ["half", "w"], ["h"]));
        graph.InitializerShapes["w16"] = [320, 9, 3, 3];

        Assert.Equal(9, FirstConvolutionChannels.Of(graph, "sample"));
    }

    [Fact]
    public void OnnxRuntimesNhwcConvIsReadWithItsWeightTransposedOrNot()
    {
        var transposedInGraph = Graph(("Transpose", ["sample"], ["nhwc"]), ("Transpose", ["w"], ["w_nhwc"]),
            ("NhwcConv", ["nhwc", "w_nhwc"], ["h"]));
        transposedInGraph.InitializerShapes["w"] = [320, 9, 3, 3];
        var storedTransposed = Graph(("Transpose", ["sample"], ["nhwc"]), ("NhwcConv", ["nhwc", "w_nhwc"], ["h"]));
        storedTransposed.InitializerShapes["w_nhwc"] = [320, 3, 3, 9];

        Assert.Equal(9, FirstConvolutionChannels.Of(transposedInGraph, "sample"));
        Assert.Equal(9, FirstConvolutionChannels.Of(storedTransposed, "sample"));
    }

    [Fact]
    public void AWeightThatIsNotAnInitializerTellsNothing()
    {
        var graph = Graph(("Constant", [], ["w"]), ("Conv", ["sample", "w"], ["h"]));

        Assert.Null(FirstConvolutionChannels.Of(graph, "sample"));
    }

    private static OnnxGraphOutline Graph(params (string Op, string[] Inputs, string[] Outputs)[] nodes)
    {
        var graph = new OnnxGraphOutline();
        graph.Nodes.AddRange(nodes.Select(n => new Node(n.Op, n.Inputs, n.Outputs)));
        return graph;
    }
}

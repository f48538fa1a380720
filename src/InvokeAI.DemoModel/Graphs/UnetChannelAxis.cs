using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace InvokeAI.DemoModel.Graphs;

/// <summary>
/// Rewrites a built UNet so its <c>sample</c> declares the channel axis as real exports do: by name, not number.
/// With <see cref="DemoChannelDeclaration.FirstConvolution"/> the number is left where diffusers' convert script
/// leaves it, in the weight of the UNet's first convolution; the demo's is a 1×1 identity, so the denoiser behind
/// it computes exactly what it does without.
/// </summary>
internal static class UnetChannelAxis
{
    /// <summary>The names torch.onnx gives diffusers' conv_in, so the file reads like a real export's.</summary>
    public const string ConvInWeight = "conv_in.weight", ConvInOutput = "/conv_in/Conv_output_0";

    public static ModelProto Declare(ModelProto unet, DemoChannelDeclaration declaration)
    {
        if (declaration == DemoChannelDeclaration.InputShape) return unet;
        var channelAxis = unet.Graph.Input.Single(input => input.Name == "sample").Type.TensorType.Shape.Dim[1];
        long channels = channelAxis.DimValue;
        // optimum names the axis num_channels, diffusers' convert script channels. Setting the name clears the number.
        channelAxis.DimParam = declaration == DemoChannelDeclaration.UnetConfig ? "num_channels" : "channels";
        if (declaration == DemoChannelDeclaration.FirstConvolution) AddConvIn(unet.Graph, channels);
        return unet;
    }

    /// <summary>Routes <c>sample</c> through a channels → channels 1×1 identity convolution before anything else reads it.</summary>
    private static void AddConvIn(GraphProto graph, long channels)
    {
        foreach (var node in graph.Node)
        {
            for (int i = 0; i < node.Input.Count; i++)
                if (node.Input[i] == "sample") node.Input[i] = ConvInOutput;
        }

        var identity = new float[channels * channels];
        for (int c = 0; c < channels; c++) identity[c * channels + c] = 1f;
        var weight = new TensorProto
        {
            Name = ConvInWeight,
            DataType = (int)DataType.Float,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(identity.AsSpan())),
        };
        weight.Dims.AddRange([channels, channels, 1, 1]);
        graph.Initializer.Add(weight);

        var conv = new NodeProto { OpType = "Conv", Name = "/conv_in/Conv" };
        conv.Input.AddRange(["sample", ConvInWeight]);
        conv.Output.Add(ConvInOutput);
        // First, so the nodes stay in the topological order ONNX requires.
        graph.Node.Insert(0, conv);
    }
}

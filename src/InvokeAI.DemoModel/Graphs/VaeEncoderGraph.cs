using InvokeAI.DemoModel.GraphBuilding;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace InvokeAI.DemoModel.Graphs;

/// <summary>
/// The demo VAE encoder: one 8×8, stride-8 convolution that averages each pixel block into the four channels of
/// <see cref="LatentSpace"/>. The result is divided by the scaling factor because a real encoder's latent is
/// "unscaled": the pipeline multiplies by 0.18215 afterwards and must land on the (gained) block means.
/// </summary>
internal static class VaeEncoderGraph
{
    public static ModelProto Build(string producerVersion)
    {
        const int block = LatentSpace.DownscaleFactor;
        var graph = new OnnxGraphBuilder("demo_vae_encoder");
        string pixels = graph.AddInput("sample", DataType.Float, "batch", 3, "height", "width");
        string weights = graph.AddFloatConstant("block_mean_weights", BuildWeights(),
            LatentSpace.Channels, 3, block, block);

        graph.AddNode("Conv", [pixels, weights],
            [NodeAttribute.Ints("kernel_shape", block, block), NodeAttribute.Ints("strides", block, block)],
            output: "latent_sample");
        graph.AddOutput("latent_sample", DataType.Float, "batch", LatentSpace.Channels, "latent_height", "latent_width");
        return graph.ToModel(producerVersion);
    }

    /// <summary>Conv weights [4 out, 3 in, 8, 8]: each output channel is a weighted mean of the block's pixels.</summary>
    private static float[] BuildWeights()
    {
        const int block = LatentSpace.DownscaleFactor;
        const int taps = block * block;
        // Rows: which input colours each latent channel mixes (R, G, B, then luminance).
        float[][] mix =
        [
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
            LatentSpace.LuminanceWeights,
        ];
        var weights = new float[LatentSpace.Channels * 3 * taps];
        for (int output = 0; output < LatentSpace.Channels; output++)
        for (int input = 0; input < 3; input++)
        {
            float tap = (float)(mix[output][input] * LatentSpace.Gain / taps / LatentSpace.ScalingFactor);
            weights.AsSpan((output * 3 + input) * taps, taps).Fill(tap);
        }
        return weights;
    }
}

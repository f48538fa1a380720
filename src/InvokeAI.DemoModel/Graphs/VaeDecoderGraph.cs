using InvokeAI.DemoModel.GraphBuilding;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace InvokeAI.DemoModel.Graphs;

/// <summary>
/// The demo VAE decoder: undoes the pipeline's 1/0.18215 and the latent gain, keeps the colour channels of <see cref="LatentSpace"/>
/// and enlarges each latent cell to 8×8 pixels by bilinear interpolation, so decoding an encoded image gives a soft
/// version of it instead of visible blocks. Values may leave [−1, 1]; the pipeline clamps, as with a real VAE.
/// </summary>
internal static class VaeDecoderGraph
{
    public static ModelProto Build(string producerVersion)
    {
        const int factor = LatentSpace.DownscaleFactor;
        var graph = new OnnxGraphBuilder("demo_vae_decoder");
        string latent = graph.AddInput("latent_sample", DataType.Float, "batch", LatentSpace.Channels, "latent_height", "latent_width");

        string scale = graph.AddScalar("latent_to_pixel_scale", (float)(LatentSpace.ScalingFactor / LatentSpace.Gain));
        string blockMeans = graph.AddNode("Mul", latent, scale);
        // A 1×1 convolution that passes R, G and B through; the luminance channel only steers the UNet.
        string toRgb = graph.AddFloatConstant("latent_to_rgb",
            [1, 0, 0, 0,
             0, 1, 0, 0,
             0, 0, 1, 0], 3, LatentSpace.Channels, 1, 1);
        string coarseRgb = graph.AddNode("Conv", blockMeans, toRgb);

        string noRegionOfInterest = "";
        string scales = graph.AddFloatConstant("upsample_scales", [1, 1, factor, factor], 4);
        // half_pixel puts each cell's value at the centre of its 8×8 block, where the encoder measured it.
        graph.AddNode("Resize", [coarseRgb, noRegionOfInterest, scales],
            [NodeAttribute.String("mode", "linear"), NodeAttribute.String("coordinate_transformation_mode", "half_pixel")],
            output: "sample");
        graph.AddOutput("sample", DataType.Float, "batch", 3, "height", "width");
        return graph.ToModel(producerVersion);
    }
}

using System.Text.Json.Nodes;
using InvokeAI.DemoModel.Graphs;

namespace InvokeAI.DemoModel.Files;

/// <summary>
/// The files beside the UNet that say (or do not say) how many channels it takes, as each exporter writes them:
/// model_index.json's pipeline class and, from optimum, unet/config.json.
/// </summary>
internal static class UnetChannelFiles
{
    public static string PipelineClassName(DemoModelOptions options) => options.Channels switch
    {
        // optimum saves its own pipeline class.
        DemoChannelDeclaration.UnetConfig => options.Inpainting ? "ORTStableDiffusionInpaintPipeline" : "ORTStableDiffusionImg2ImgPipeline",
        // diffusers' convert script always saves an OnnxStableDiffusionPipeline, inpainting checkpoint or not.
        DemoChannelDeclaration.FirstConvolution or DemoChannelDeclaration.Nothing => "OnnxStableDiffusionPipeline",
        // The class diffusers writes for each kind of export.
        _ => options.Inpainting ? "OnnxStableDiffusionInpaintPipeline" : "OnnxStableDiffusionImg2ImgPipeline",
    };

    /// <summary>The UNet config optimum writes beside the model (diffusers' UNet2DConditionModel config); null for the others.</summary>
    public static JsonObject? UnetConfig(DemoModelOptions options) =>
        options.Channels != DemoChannelDeclaration.UnetConfig ? null : new JsonObject
        {
            ["_class_name"] = "UNet2DConditionModel",
            ["_diffusers_version"] = PipelineConfigFiles.DiffusersVersion,
            ["cross_attention_dim"] = TextEncoderGraph.HiddenSize,
            ["in_channels"] = options.Inpainting ? UnetInpaintingInput.Channels : LatentSpace.Channels,
            ["out_channels"] = LatentSpace.Channels,
            ["sample_size"] = 64,
        };
}

namespace InvokeAI.DemoModel;

/// <summary>
/// Where the demo model's folder tells how many channels its UNet's <c>sample</c> takes (4, or 9 for the inpainting
/// variant). Real exports mostly leave the channel axis symbolic, each exporter writing different files beside it,
/// so the demo can stand in for each of them and prove that the pipeline finds the number where they put it.
/// </summary>
public enum DemoChannelDeclaration
{
    /// <summary>The ONNX input declares the number itself. The default demo model.</summary>
    InputShape,

    /// <summary>
    /// As optimum exports: the axis is named "num_channels", unet/config.json gives in_channels, and model_index.json
    /// names optimum's pipeline class (ORTStableDiffusionInpaintPipeline for the inpainting variant).
    /// </summary>
    UnetConfig,

    /// <summary>
    /// As diffusers' convert_stable_diffusion_checkpoint_to_onnx.py exports: the axis is named "channels", there is no
    /// unet/config.json, model_index.json says OnnxStableDiffusionPipeline whatever the model, and the UNet starts
    /// with a convolution (conv_in) whose weight's shape is all that tells the number.
    /// </summary>
    FirstConvolution,

    /// <summary>
    /// The axis is named "channels" and only model_index.json's pipeline class tells (OnnxStableDiffusionInpaintPipeline
    /// for the inpainting variant, as the hub's onnx branches have), as when an optimised UNet graph no longer shows
    /// its first convolution.
    /// </summary>
    PipelineClass,

    /// <summary>The axis is named "channels" and nothing in the folder tells the number.</summary>
    Nothing,
}

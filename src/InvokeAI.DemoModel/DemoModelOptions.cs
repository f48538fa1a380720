namespace InvokeAI.DemoModel;

/// <summary>Which variant of the demo model <see cref="DemoModelBuilder"/> writes. The defaults give the built-in demo.</summary>
public sealed record DemoModelOptions
{
    /// <summary>The element type and rank of the UNet's <c>timestep</c> input.</summary>
    public DemoTimestepInput Timestep { get; init; } = DemoTimestepInput.Float32Batch;

    /// <summary>
    /// An inpainting UNet, as runwayml's SD 1.5 inpainting export has: <c>sample</c> is [batch, 9, h, w], the latent
    /// followed by the mask and the masked image's latent. Its denoiser also uses those extra channels (see
    /// <see cref="Graphs.UnetInpaintingInput"/>), so a render shows whether the pipeline fed them.
    /// </summary>
    public bool Inpainting { get; init; }

    /// <summary>
    /// Fix <c>encoder_hidden_states</c>' token axis at 77, as a static export would, instead of leaving it symbolic as
    /// diffusers' convert script and optimum do: such a UNet cannot take a long prompt's chunks.
    /// </summary>
    public bool FixedPromptLength { get; init; }

    /// <summary>Where the folder tells the UNet's input channels: the ONNX input itself, or as the exporters do.</summary>
    public DemoChannelDeclaration Channels { get; init; } = DemoChannelDeclaration.InputShape;
}

using InvokeAI.DemoModel.GraphBuilding;

namespace InvokeAI.DemoModel.Graphs;

/// <summary>
/// The inpainting variant's UNet input, split as diffusers lays it out: [latent (4), mask (1), masked-image latent
/// (4)] on the channel axis. A real inpainting UNet learns to keep what the masked image shows where the mask is 0;
/// the demo's denoiser does that with arithmetic, pulling its clean estimate there onto the masked-image latent.
/// So a render with zeros or a wrong channel order in those inputs visibly goes wrong where it should keep.
/// </summary>
/// <param name="Latent">The noisy latent [batch, 4, h, w], scaled as the sampler gives it.</param>
/// <param name="Mask">[batch, 1, h, w], 1 = repaint, 0 = keep.</param>
/// <param name="MaskedImageLatent">[batch, 4, h, w], the init image with the hole greyed out, encoded and scaled.</param>
internal sealed record UnetInpaintingInput(string Latent, string Mask, string MaskedImageLatent)
{
    public const int Channels = LatentSpace.Channels + 1 + LatentSpace.Channels;

    /// <summary>Slices the 9-channel <c>sample</c> input into its three parts.</summary>
    public static UnetInpaintingInput Split(OnnxGraphBuilder graph, string sample)
    {
        string channelAxis = graph.AddInt64Constant("inpainting_channel_axis", [1], 1);
        string Channels(string name, int from, int to) => graph.AddNode("Slice", sample,
            graph.AddInt64Constant($"{name}_channels_start", [from], 1),
            graph.AddInt64Constant($"{name}_channels_end", [to], 1), channelAxis);

        const int maskChannel = LatentSpace.Channels;
        return new UnetInpaintingInput(
            Channels("latent", 0, maskChannel),
            Channels("mask", maskChannel, maskChannel + 1),
            Channels("masked_image", maskChannel + 1, UnetInpaintingInput.Channels));
    }

    /// <summary>
    /// x̂0' = masked + m·(x̂0 − masked): the estimate where the mask repaints, the masked-image latent where it keeps,
    /// and in between for a partly repainted cell.
    /// </summary>
    public string KeepMaskedImage(OnnxGraphBuilder graph, string estimate) =>
        graph.AddNode("Add", MaskedImageLatent,
            graph.AddNode("Mul", Mask, graph.AddNode("Sub", estimate, MaskedImageLatent)));
}

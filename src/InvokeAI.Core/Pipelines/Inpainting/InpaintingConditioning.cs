using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;

namespace InvokeAI.Core.Pipelines.Inpainting;

/// <summary>
/// What an inpainting UNet (9 input channels, e.g. runwayml's SD 1.5 inpainting) is given besides the latent, in
/// diffusers' layout: [latent (4, scaled as the sampler gives it), mask (1, on the latent grid), masked-image
/// latent (4)] on the channel axis. The masked image is the init image with the repainted pixels (mask ≥ 0.5) set
/// to 0, mid-grey in the VAE's [-1, 1], so the model sees the kept content and is told nothing about the hole.
/// The model inpaints by itself from these, so its latent is never reset between steps.
/// </summary>
internal sealed class InpaintingConditioning
{
    /// <summary>Input channels of an inpainting UNet: latent 4 + mask 1 + masked-image latent 4.</summary>
    public const int UnetChannels = 9;

    private readonly float[] _extraChannels;

    private InpaintingConditioning(float[] extraChannels) => _extraChannels = extraChannels;

    /// <summary>
    /// The conditioning for <paramref name="model"/>'s UNet, or null when it is an ordinary 4-channel UNet. Without
    /// a mask an inpainting UNet is told to repaint everything (the whole image is rendered as img2img).
    /// </summary>
    /// <param name="tiled">Encode the masked image in tiles, as the render encodes its init image.</param>
    public static InpaintingConditioning? For(DiffusionModel model, InpaintMask? mask, RgbaImage init, bool tiled, CancellationToken cancel)
    {
        if (model.Unet.InputChannels != UnetChannels) return null;
        mask ??= InpaintMask.RepaintAll(init.Width, init.Height);
        float[] maskedLatent = model.VaeEncoder.Encode(MaskedImage(init, mask), init.Width, init.Height, posteriorNoise: null, tiled, cancel);
        return new InpaintingConditioning([.. mask.ToLatentGrid(), .. maskedLatent]);
    }

    /// <summary>
    /// The UNet input for one latent [1, 4, h, w]: the latent followed by the mask and the masked-image latent.
    /// Classifier-free guidance repeats the whole input, so both halves of its batch get the same extra channels.
    /// </summary>
    public float[] Extend(float[] latentInput) => [.. latentInput, .. _extraChannels];

    /// <summary>The init image as a [1, 3, H, W] tensor with every pixel to repaint (mask ≥ 0.5) set to 0.</summary>
    private static float[] MaskedImage(RgbaImage init, InpaintMask mask)
    {
        float[] tensor = ImageTensors.ToTensor(init);
        int plane = init.Width * init.Height;
        for (int p = 0; p < plane; p++)
        {
            if (mask.Amount(p) < 0.5f) continue;
            tensor[p] = tensor[plane + p] = tensor[2 * plane + p] = 0f;
        }
        return tensor;
    }
}

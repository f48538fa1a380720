using InvokeAI.Core.Imaging;

namespace InvokeAI.Core.Pipelines.Inpainting;

/// <summary>
/// The last step of inpainting: the decoded render laid over the init image through the mask feathered inward
/// (<see cref="EdgeFeather"/>). The VAE round trip changes every pixel a little, so without this the kept region
/// would come back softened; with it, every pixel the mask keeps is the init image's, byte for byte.
/// </summary>
internal static class InpaintComposite
{
    /// <param name="init">The init image at the render size.</param>
    /// <param name="rendered">The decoded render, the same size.</param>
    /// <returns>An opaque image: kept pixels are <paramref name="init"/>'s colours, the hole <paramref name="rendered"/>'s.</returns>
    public static RgbaImage Compose(RgbaImage init, RgbaImage rendered, InpaintMask mask, int blur)
    {
        if (init.Width != rendered.Width || init.Height != rendered.Height || init.Width != mask.Width || init.Height != mask.Height)
            throw new ArgumentException($"The init image ({init}), the render ({rendered}) and the mask ({mask.Width}×{mask.Height}) must be the same size.");
        float[] weights = EdgeFeather.Weights(mask, blur);
        var output = new RgbaImage(init.Width, init.Height);
        byte[] from = init.Pixels, over = rendered.Pixels, to = output.Pixels;
        for (int p = 0; p < weights.Length; p++)
        {
            float w = weights[p];
            for (int c = 4 * p; c < 4 * p + 3; c++)
                to[c] = w == 0 ? from[c] : (byte)MathF.Round(from[c] + w * (over[c] - from[c]));
            // Transparency marked what to repaint; now that it has been repainted the image is opaque.
            to[4 * p + 3] = 255;
        }
        return output;
    }
}

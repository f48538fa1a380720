namespace InvokeAI.Core.Imaging;

/// <summary>
/// Sizes an image for img2img: stretched, fitted (InvokeAI's --fit) or fitted and padded to a target, with sides
/// rounded down to a multiple (64 for Stable Diffusion's UNet, 8 for its latent). Resampling is
/// <see cref="ImageResizer"/>'s Lanczos-3; alpha is resampled with the colours, so transparent areas stay transparent.
/// </summary>
public static class ImageFitting
{
    /// <summary>
    /// Resizes <paramref name="image"/> towards <paramref name="width"/> × <paramref name="height"/> as
    /// <paramref name="mode"/> says. Never enlarges unless <paramref name="allowUpscale"/>: a smaller image keeps
    /// its own size (rounded down to the multiple) and the result says the upscale was refused.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The target is smaller than the multiple, or the image would end up under the multiple on a side.
    /// </exception>
    public static FittedImage Resize(RgbaImage image, int width, int height, ResizeMode mode, int multiple = 64, bool allowUpscale = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        var plan = ImageFitPlan.For(image.Width, image.Height, width, height, mode, multiple, allowUpscale);
        var content = ImageResizer.Resize(image, plan.ContentWidth, plan.ContentHeight);
        if (plan.CanvasWidth == plan.ContentWidth && plan.CanvasHeight == plan.ContentHeight)
            return new FittedImage(content, new PixelRect(0, 0, content.Width, content.Height), plan.WasUpscaleRefused);
        var (padded, placed) = ImagePadding.Centre(content, plan.CanvasWidth, plan.CanvasHeight);
        return new FittedImage(padded, placed, plan.WasUpscaleRefused);
    }

    /// <summary>
    /// The size a <see cref="ResizeMode.Pad"/> result has, and the bound on any other mode's: the target rounded down
    /// to the multiple. Lets a caller reject an unusable target before it reads any image.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A side is smaller than the multiple, or the multiple is under 1.</exception>
    public static (int Width, int Height) RoundTarget(int width, int height, int multiple = 64) =>
        ImageFitPlan.RoundTarget(width, height, multiple);
}

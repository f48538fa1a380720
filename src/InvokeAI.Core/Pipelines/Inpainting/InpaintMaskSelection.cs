using InvokeAI.Core.Imaging;

namespace InvokeAI.Core.Pipelines.Inpainting;

/// <summary>
/// Decides whether a render inpaints and with which mask: the request's explicit mask, else the init image's
/// transparency; inverted when asked. Warns about masks that cannot do what the user probably wants.
/// </summary>
internal static class InpaintMaskSelection
{
    /// <summary>
    /// The mask at the render size of <paramref name="init"/> (the init image as sized for the render), or null
    /// when the render is plain img2img: no explicit mask and no transparent pixel.
    /// </summary>
    public static InpaintMask? Select(Img2ImgRequest request, bool invert, RgbaImage init, IRenderObserver observer)
    {
        InpaintMask mask;
        if (request.Mask is { } explicitMask)
        {
            WarnIfShapeDiffers(explicitMask, request.InitImage, observer);
            mask = InpaintMask.FromLuminance(ImageResizer.Resize(explicitMask, init.Width, init.Height));
        }
        else if (init.HasTransparency())
        {
            mask = InpaintMask.FromAlpha(init);
            WarnIfNothingUnderneath(mask, init, observer);
        }
        else
        {
            if (invert)
                observer.Warning("InvertMask has no effect: there is no mask and the init image has no transparent pixels, so the whole image is rendered as img2img.");
            return null;
        }

        if (invert) mask = mask.Inverted();
        if (mask.KeepsEverything)
            observer.Warning("The mask keeps every pixel, so nothing is repainted: the output is the init image.");
        return mask;
    }

    /// <summary>
    /// A mask is stretched to the render size, so one of another aspect ratio than the init image marks other places
    /// than it seems to; almost always a mix-up of files.
    /// </summary>
    private static void WarnIfShapeDiffers(RgbaImage mask, RgbaImage initImage, IRenderObserver observer)
    {
        double maskAspect = (double)mask.Width / mask.Height, initAspect = (double)initImage.Width / initImage.Height;
        if (Math.Abs(maskAspect / initAspect - 1) > 0.01)
            observer.Warning($"The mask is {mask.Width}×{mask.Height} but the init image is {initImage.Width}×{initImage.Height}; " +
                             "the mask is stretched to the render size, so it may not cover what was meant.");
    }

    /// <summary>
    /// The colour under transparent pixels is what the repaint starts from. Many editors store black there; then
    /// the hole starts out black and, below strength 1, stays dark.
    /// </summary>
    private static void WarnIfNothingUnderneath(InpaintMask mask, RgbaImage init, IRenderObserver observer)
    {
        byte[] px = init.Pixels;
        for (int p = 0; p < mask.Repaint.Length; p++)
        {
            if (mask.Repaint[p] != 0 && (px[4 * p] | px[4 * p + 1] | px[4 * p + 2]) != 0) return;
        }
        observer.Warning("The transparent region has no colour underneath: every transparent pixel is black (the file did not keep " +
                         "the colours under its transparency), so the repaint starts from black and, below strength 1, stays dark. " +
                         "Save the image with its colours kept under the transparency, or render at strength 1.");
    }
}

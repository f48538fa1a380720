namespace InvokeAI.Core.Imaging;

/// <summary>What <see cref="ImageFitting.Resize"/> made.</summary>
/// <param name="Image">The resized (and, for <see cref="ResizeMode.Pad"/>, padded) image.</param>
/// <param name="Content">
/// Where the source image's pixels are in <paramref name="Image"/>: all of it, except with
/// <see cref="ResizeMode.Pad"/>, where the rest is padding (which a later step may want to crop away or repaint).
/// </param>
/// <param name="WasUpscaleRefused">
/// The target asked for a larger image than the source and enlarging was not allowed, so the image kept (at most)
/// its own size: callers can say so, since the result is smaller than what was asked for.
/// </param>
public sealed record FittedImage(RgbaImage Image, PixelRect Content, bool WasUpscaleRefused);

using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace InvokeAI.Core.Imaging;

/// <summary>Resizing with Lanczos-3, the filter InvokeAI uses for init images.</summary>
public static class ImageResizer
{
    public static RgbaImage Resize(RgbaImage image, int width, int height)
    {
        if (image.Width == width && image.Height == height) return image;
        using var sharp = ImageSharpPixels.FromRgba(image);
        sharp.Mutate(x => x.Resize(new ResizeOptions
        {
            Size = new Size(width, height),
            Mode = SixLabors.ImageSharp.Processing.ResizeMode.Stretch,
            Sampler = KnownResamplers.Lanczos3,
            // Premultiplying would blacken the colour under transparent pixels, and here that colour matters: it is
            // what inpainting starts the transparent region from. So colour and alpha are resampled independently.
            PremultiplyAlpha = false,
        }));
        return ImageSharpPixels.ToRgba(sharp);
    }
}

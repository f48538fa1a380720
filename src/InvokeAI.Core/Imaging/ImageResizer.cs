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
        sharp.Mutate(x => x.Resize(width, height, KnownResamplers.Lanczos3));
        return ImageSharpPixels.ToRgba(sharp);
    }
}

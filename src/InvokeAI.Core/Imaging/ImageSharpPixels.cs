using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace InvokeAI.Core.Imaging;

/// <summary>Copies between ImageSharp images and <see cref="RgbaImage"/> (both row-major RGBA, so a block copy).</summary>
internal static class ImageSharpPixels
{
    public static RgbaImage ToRgba(Image<Rgba32> image)
    {
        var pixels = new byte[checked(image.Width * image.Height * 4)];
        image.CopyPixelDataTo(pixels);
        return new RgbaImage(image.Width, image.Height, pixels);
    }

    public static Image<Rgba32> FromRgba(RgbaImage image) =>
        Image.LoadPixelData<Rgba32>(MemoryMarshal.Cast<byte, Rgba32>(image.Pixels.AsSpan()), image.Width, image.Height);
}

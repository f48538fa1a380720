using InvokeAI.Core.Imaging;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Imaging;

internal static class TestImages
{
    /// <summary>A smooth gradient with full alpha except one transparent corner pixel (which keeps its colour).</summary>
    public static RgbaImage Gradient(int width = 16, int height = 16)
    {
        var pixels = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            int i = (y * width + x) * 4;
            pixels[i] = (byte)(x * 255 / (width - 1));
            pixels[i + 1] = (byte)(y * 255 / (height - 1));
            pixels[i + 2] = 128;
            pixels[i + 3] = 255;
        }
        pixels[3] = 0;
        return new RgbaImage(width, height, pixels);
    }

    public static DiffusionImage Rendered(uint? seed = 42, string? source = "/sketches/house.png", string? prompt = "fire", int? step = null) =>
        new() { Pixels = new RgbaImage(1, 1), Settings = new() { Seed = seed, Prompt = prompt }, SourcePath = source, Step = step };
}

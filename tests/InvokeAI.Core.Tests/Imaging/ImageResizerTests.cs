using InvokeAI.Core.Imaging;

namespace InvokeAI.Core.Tests.Imaging;

/// <summary>Resizing keeps the colour under transparent pixels: inpainting starts the transparent region from it.</summary>
public sealed class ImageResizerTests
{
    [Fact]
    public void TheColourUnderTransparencySurvivesAResize()
    {
        // A 64×64 opaque grey image whose left half is fully transparent with orange kept underneath.
        var image = new RgbaImage(64, 64);
        for (int y = 0; y < 64; y++)
        for (int x = 0; x < 64; x++)
        {
            int i = 4 * (y * 64 + x);
            bool transparent = x < 32;
            image.Pixels[i] = transparent ? (byte)230 : (byte)128;
            image.Pixels[i + 1] = transparent ? (byte)120 : (byte)128;
            image.Pixels[i + 2] = transparent ? (byte)20 : (byte)128;
            image.Pixels[i + 3] = transparent ? (byte)0 : (byte)255;
        }

        var resized = ImageResizer.Resize(image, 48, 48);

        // Well inside the transparent half: still transparent, still orange.
        int p = 4 * (24 * 48 + 8);
        Assert.Equal([230, 120, 20, 0], resized.Pixels[p..(p + 4)]);
        int q = 4 * (24 * 48 + 40);
        Assert.Equal([128, 128, 128, 255], resized.Pixels[q..(q + 4)]);
    }
}

namespace InvokeAI.Core.Imaging;

/// <summary>Pixels ↔ the VAE's NCHW float tensors in [-1, 1].</summary>
public static class ImageTensors
{
    /// <summary>RGB channels as a [1, 3, H, W] tensor in [-1, 1]; alpha is not part of what the VAE sees.</summary>
    public static float[] ToTensor(RgbaImage image)
    {
        int plane = image.Width * image.Height;
        var tensor = new float[3 * plane];
        byte[] px = image.Pixels;
        for (int i = 0; i < plane; i++)
        {
            tensor[i] = px[4 * i] / 127.5f - 1f;
            tensor[plane + i] = px[4 * i + 1] / 127.5f - 1f;
            tensor[2 * plane + i] = px[4 * i + 2] / 127.5f - 1f;
        }
        return tensor;
    }

    /// <summary>A [1, 3, H, W] tensor in about [-1, 1] to an opaque image, clamped and rounded.</summary>
    public static RgbaImage FromTensor(ReadOnlySpan<float> tensor, int width, int height, bool truncate = false)
    {
        int plane = width * height;
        if (tensor.Length < 3 * plane)
            throw new ArgumentException($"A {width}×{height} RGB tensor has {3 * plane} values, not {tensor.Length}.", nameof(tensor));
        var image = new RgbaImage(width, height);
        byte[] px = image.Pixels;
        for (int i = 0; i < plane; i++)
        {
            px[4 * i] = ToByte(tensor[i], truncate);
            px[4 * i + 1] = ToByte(tensor[plane + i], truncate);
            px[4 * i + 2] = ToByte(tensor[2 * plane + i], truncate);
            px[4 * i + 3] = 255;
        }
        return image;
    }

    private static byte ToByte(float value, bool truncate)
    {
        // NaN must not become a random byte: it maps to black, and the pipeline reports NaN before this.
        if (float.IsNaN(value)) return 0;
        // InvokeAI 2.x's float32 steps: clamp((x + 1) / 2, 0, 1), times 255, cast to uint8 (which truncates).
        if (truncate) return (byte)(Math.Clamp((value + 1f) / 2f, 0f, 1f) * 255f);
        float scaled = (value + 1f) * 127.5f;
        return (byte)Math.Clamp(MathF.Round(scaled), 0f, 255f);
    }
}

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// Output sizes: Stable Diffusion's latent is 1/8 of the image and its UNet halves that three times, so
/// InvokeAI rounds width and height down to multiples of 64.
/// </summary>
public static class RenderSize
{
    public const int Multiple = 64;

    public static int RoundDown(int size, int multiple = Multiple)
    {
        if (size < multiple)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"An image side must be at least {multiple} pixels, not {size}.");
        return size / multiple * multiple;
    }
}

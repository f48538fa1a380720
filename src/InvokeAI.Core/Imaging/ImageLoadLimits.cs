namespace InvokeAI.Core.Imaging;

/// <summary>
/// How large an image the loader agrees to decode. The header is read first, so a file that declares more pixels is
/// refused before any pixel memory is taken: a small compressed file can declare a picture of gigabytes.
/// </summary>
public sealed record ImageLoadLimits
{
    /// <summary>
    /// 8192 × 8192 = 67,108,864 pixels (64 megapixels, 256 MiB as RGBA): the largest side Resize-InitImage targets,
    /// squared, and well beyond any size Stable Diffusion renders, yet a phone's 50-megapixel photo still loads.
    /// </summary>
    public const long DefaultMaxPixels = 8192L * 8192;

    /// <summary>The most an <see cref="RgbaImage"/> can hold: its pixel array is one .NET array of 4 bytes a pixel.</summary>
    public const long LargestMaxPixels = int.MaxValue / 4;

    public static ImageLoadLimits Default { get; } = new();

    /// <summary>Width × height above which a file is refused with <see cref="ImageFileFault.TooLarge"/>.</summary>
    public long MaxPixels
    {
        get => _maxPixels;
        init
        {
            if (value is < 1 or > LargestMaxPixels)
                throw new ArgumentOutOfRangeException(nameof(MaxPixels), value, $"The decode limit must be between 1 and {LargestMaxPixels:N0} pixels.");
            _maxPixels = value;
        }
    }

    private readonly long _maxPixels = DefaultMaxPixels;

    public bool Allows(long width, long height) => width * height <= MaxPixels;

    /// <summary>"67,108,864 pixels (64 megapixels)", for messages.</summary>
    public string Describe() => $"{MaxPixels:N0} pixels ({MaxPixels / (1024.0 * 1024):0.#} megapixels)";
}

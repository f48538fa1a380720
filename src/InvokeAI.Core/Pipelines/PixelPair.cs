using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// A size in pixels, written "1024x768" (width × height). SDXL is told the size its training image originally had
/// (<see cref="RenderSettings.OriginalSize"/>): a small original asks for the blur of an upscaled picture.
/// </summary>
public readonly record struct PixelSize(int Width, int Height) : IParsable<PixelSize>
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}");

    /// <summary>"1024x768", "1024×768" or "1024,768" (width first).</summary>
    public static PixelSize Parse(string s, IFormatProvider? provider = null) =>
        TryParse(s, provider, out var size) ? size : throw new FormatException($"'{s}' is not a size: write width x height, as 1024x768.");

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out PixelSize result)
    {
        result = default;
        if (!PixelPair.TryParse(s, ['x', 'X', '×', ','], out int width, out int height) || width < 1 || height < 1) return false;
        result = new PixelSize(width, height);
        return true;
    }
}

/// <summary>
/// Where a crop starts, in pixels from the top and from the left, written "top,left" as diffusers'
/// <c>crops_coords_top_left</c> orders it. SDXL is told where its training images were cropped
/// (<see cref="RenderSettings.CropTopLeft"/>); (0, 0), the default, asks for a subject that is not cut off.
/// </summary>
public readonly record struct PixelOffset(int Top, int Left) : IParsable<PixelOffset>
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Top},{Left}");

    public static PixelOffset Parse(string s, IFormatProvider? provider = null) =>
        TryParse(s, provider, out var offset) ? offset : throw new FormatException($"'{s}' is not a crop corner: write top,left in pixels, as 0,0.");

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out PixelOffset result)
    {
        result = default;
        if (!PixelPair.TryParse(s, [','], out int top, out int left) || top < 0 || left < 0) return false;
        result = new PixelOffset(top, left);
        return true;
    }
}

internal static class PixelPair
{
    public static bool TryParse(string? text, char[] separators, out int first, out int second)
    {
        first = second = 0;
        var parts = (text ?? "").Split(separators, StringSplitOptions.TrimEntries);
        return parts.Length == 2
               && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out first)
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out second);
    }
}

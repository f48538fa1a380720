namespace InvokeAI.Core.Imaging;

/// <summary>The formats <see cref="ImageFile.Save"/> writes.</summary>
public enum ImageFileFormat
{
    /// <summary>8-bit RGBA, lossless.</summary>
    Png,
    /// <summary>Quality 95 with full-resolution colour (4:4:4); alpha is dropped.</summary>
    Jpeg,
    /// <summary>Lossless WebP: the exact pixels, alpha included, usually smaller than the PNG.</summary>
    Webp,
}

/// <summary>The format a file name asks for, by its extension.</summary>
public static class ImageFileFormats
{
    public static IReadOnlyList<string> SupportedExtensions { get; } = [".png", ".jpg", ".jpeg", ".webp"];

    /// <summary>The format for the path's extension (any case); null for an unknown extension or none.</summary>
    public static ImageFileFormat? FromPath(string path) =>
        System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => ImageFileFormat.Png,
            ".jpg" or ".jpeg" => ImageFileFormat.Jpeg,
            ".webp" => ImageFileFormat.Webp,
            _ => null,
        };
}

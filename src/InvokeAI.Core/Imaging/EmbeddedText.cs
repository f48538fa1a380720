using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace InvokeAI.Core.Imaging;

/// <summary>Moves <see cref="ImageFileText"/> into and out of ImageSharp's metadata (see <see cref="ImageFile"/>).</summary>
internal static class EmbeddedText
{
    public static void Write(Image image, ImageFileFormat format, ImageFileText text)
    {
        if (format == ImageFileFormat.Png)
        {
            var png = image.Metadata.GetPngMetadata();
            foreach (var (keyword, value) in text.Chunks)
                png.TextData.Add(new PngTextData(keyword, value, string.Empty, string.Empty));
        }
        else if (text.Comment is not null)
        {
            // UserComment rather than ImageDescription: it declares its character set, so any text survives (ImageSharp
            // writes it as UTF-16 in the EXIF block's byte order), and it is where A1111 puts its parameters, so one
            // reader serves both.
            var exif = image.Metadata.ExifProfile ??= new ExifProfile();
            exif.SetValue(ExifTag.UserComment, new EncodedString(EncodedString.CharacterCode.Unicode, text.Comment));
        }
    }

    public static ImageFileText Read(SixLabors.ImageSharp.Metadata.ImageMetadata metadata)
    {
        var chunks = new Dictionary<string, string>();
        foreach (var chunk in metadata.GetPngMetadata().TextData) chunks[chunk.Keyword] = chunk.Value;
        string? comment = metadata.ExifProfile?.GetValue(ExifTag.UserComment)?.Value.Text;
        return new ImageFileText(chunks, comment is null ? null : FixByteOrder(comment));
    }

    /// <summary>
    /// EXIF says a Unicode comment follows the block's byte order, but piexif (what A1111 uses) always writes it
    /// big-endian. Read the other way round, ASCII text turns into characters whose low byte is zero ('{' becomes
    /// U+7B00): when most characters look like that, the bytes are swapped back.
    /// </summary>
    private static string FixByteOrder(string text)
    {
        int swapped = text.Count(c => c > 0xFF && (c & 0xFF) == 0);
        if (swapped * 2 <= text.Length) return text;
        return new string(text.Select(c => (char)((c >> 8) | ((c & 0xFF) << 8))).ToArray());
    }
}

namespace InvokeAI.Core.Imaging;

/// <summary>
/// The text an image file carries beside its pixels, as the file formats hold it: PNG has any number of text
/// chunks, each under a keyword; JPEG and WebP have one EXIF user comment. What the text means is for
/// <see cref="Metadata.ImageMetadataReader"/> to decide; this type only moves it in and out of files.
/// </summary>
/// <param name="Chunks">PNG text chunks (tEXt, zTXt, iTXt), keyword → text. Written to PNG files only.</param>
/// <param name="Comment">The EXIF UserComment. Written to JPEG and WebP files only; read from any file that has one.</param>
public sealed record ImageFileText(IReadOnlyDictionary<string, string> Chunks, string? Comment)
{
    public static ImageFileText None { get; } = new(new Dictionary<string, string>(), null);

    public bool IsEmpty => Chunks.Count == 0 && Comment is null;
}

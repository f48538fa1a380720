namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// The FullyQualifiedErrorId stems reported for image files that cannot be used. Invoke-Img2Img keeps the
/// InitImage* ids it has always written and -Mask its Mask* ids; the image cmdlets (Import-Image, Resize-InitImage,
/// Get-ImageMetadata) write Image*.
/// </summary>
internal sealed record ImageFileErrorIds(string Prefix, string Noun)
{
    public static readonly ImageFileErrorIds InitImage = new("InitImage", "Init image");
    public static readonly ImageFileErrorIds Image = new("Image", "Image");
    public static readonly ImageFileErrorIds Mask = new("Mask", "Mask");

    public string NotFound => Prefix + "NotFound";
    public string Unreadable => Prefix + "Unreadable";
    public string NotAFile => Prefix + "NotAFile";
    public string PathInvalid => Prefix + "PathInvalid";

    /// <summary>A FIFO, device or socket, refused before it was opened.</summary>
    public string NotARegularFile => Prefix + "NotARegularFile";

    /// <summary>More pixels than $InvokeAIMaxImagePixels allows, refused before it was decoded.</summary>
    public string TooLarge => Prefix + "TooLarge";

    /// <summary>Ends before its format's end marker: half-copied, or cut short.</summary>
    public string Truncated => Prefix + "Truncated";
}

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// The FullyQualifiedErrorId stems a cmdlet reports for image files it cannot use. Invoke-Img2Img keeps the
/// InitImage* ids it has always written; the image cmdlets (Import-Image, Resize-InitImage) write Image*.
/// </summary>
internal sealed record ImageFileErrorIds(string Prefix, string Noun)
{
    public static readonly ImageFileErrorIds InitImage = new("InitImage", "Init image");
    public static readonly ImageFileErrorIds Image = new("Image", "Image");

    public string NotFound => Prefix + "NotFound";
    public string Unreadable => Prefix + "Unreadable";
    public string NotAFile => Prefix + "NotAFile";
    public string PathInvalid => Prefix + "PathInvalid";
}

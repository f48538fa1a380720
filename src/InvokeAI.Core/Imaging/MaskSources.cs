namespace InvokeAI.Core.Imaging;

/// <summary>
/// Where an inpainting's mask came from (<see cref="DiffusionImage.MaskSource"/>): a re-render needs the same one,
/// and only an explicit mask can be fetched again from its file.
/// </summary>
public static class MaskSources
{
    /// <summary>The init image's transparent pixels.</summary>
    public const string Transparency = "Transparency";

    /// <summary>An explicit mask image (-Mask); <see cref="DiffusionImage.MaskPath"/> names its file when it came from one.</summary>
    public const string Mask = "Mask";
}

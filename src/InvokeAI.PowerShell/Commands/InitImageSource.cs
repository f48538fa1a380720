using InvokeAI.Core.Imaging;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// What -InitImage accepts: a path (wildcards allowed, resolved against the current PowerShell location), a
/// FileInfo, or an image object from another cmdlet. PowerShell converts each of these to this type through its
/// constructors, so one parameter serves all three. -LiteralPath's paths become literal sources.
/// </summary>
public sealed class InitImageSource
{
    public string? Path { get; }
    public bool IsLiteralPath { get; }
    public DiffusionImage? Image { get; }

    public InitImageSource(string path) => Path = path;

    public InitImageSource(FileInfo file)
    {
        Path = file.FullName;
        IsLiteralPath = true;
    }

    public InitImageSource(DiffusionImage image) => Image = image;

    private InitImageSource(string path, bool isLiteralPath)
    {
        Path = path;
        IsLiteralPath = isLiteralPath;
    }

    /// <summary>A path taken as written (-LiteralPath): brackets and asterisks are part of the name.</summary>
    public static InitImageSource FromLiteralPath(string path) => new(path, isLiteralPath: true);

    public override string ToString() => Path ?? Image?.ToString() ?? string.Empty;
}

using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// What -InitImage accepts: a path (wildcards allowed, resolved against the current PowerShell location), a
/// FileInfo, or an image object from another cmdlet. PowerShell converts each of these to this type through its
/// constructors, so one parameter serves all three. -LiteralPath's paths become literal sources. Get-ImageMetadata's
/// objects convert too, only so that a render can refuse them clearly (see RenderCmdlet.PipedMetadata).
/// </summary>
public sealed class InitImageSource
{
    public string? Path { get; }
    public bool IsLiteralPath { get; }
    public DiffusionImage? Image { get; }

    /// <summary>A record from Get-ImageMetadata given where an init image belongs: not something to render.</summary>
    public ImageMetadata? Metadata { get; }

    public InitImageSource(string path) => Path = path;

    public InitImageSource(FileInfo file)
    {
        Path = file.FullName;
        IsLiteralPath = true;
    }

    public InitImageSource(DiffusionImage image) => Image = image;

    /// <summary>
    /// Without this, PowerShell would bind a piped ImageMetadata's Path (the rendered file) to -InitImage by property
    /// name, and render on top of the output. Binding by value with conversion comes first, and lands here instead.
    /// </summary>
    public InitImageSource(ImageMetadata metadata)
    {
        Metadata = metadata;
        Path = metadata.Path;
    }

    private InitImageSource(string path, bool isLiteralPath)
    {
        Path = path;
        IsLiteralPath = isLiteralPath;
    }

    /// <summary>A path taken as written (-LiteralPath): brackets and asterisks are part of the name.</summary>
    public static InitImageSource FromLiteralPath(string path) => new(path, isLiteralPath: true);

    public override string ToString() => Path ?? Image?.ToString() ?? Metadata?.ToString() ?? string.Empty;
}

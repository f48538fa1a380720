using System.Management.Automation;
using InvokeAI.Core.Imaging;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Turns one -InitImage value into images: paths go through <see cref="ImageFileReader"/> (resolved against the
/// current PowerShell location, wildcards expanded, problems written as non-terminating errors naming the path),
/// image objects pass through.
/// </summary>
internal static class InitImageReader
{
    public static IEnumerable<(RgbaImage Image, string? SourcePath)> Read(PSCmdlet cmdlet, InitImageSource source)
    {
        if (source.Image is not null)
            return [(source.Image.Pixels, source.Image.SourcePath)];
        return new ImageFileReader(cmdlet, ImageFileErrorIds.InitImage).Read(source.Path!, source.IsLiteralPath)
            .Select(file => (file.Image, (string?)file.Path));
    }
}

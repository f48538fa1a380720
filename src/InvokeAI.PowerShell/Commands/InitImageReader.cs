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
        bool literal = source.IsLiteralPath || NamesExistingFile(cmdlet, source.Path!);
        return new ImageFileReader(cmdlet, ImageFileErrorIds.InitImage).Read(source.Path!, literal)
            .Select(file => (file.Image, (string?)file.Path));
    }

    /// <summary>
    /// A wildcard path that is also the exact name of an existing file means that file, and only it. -InitImage
    /// takes the FullName of `Select-Object FullName, Prompt` rows and the paths in CSV cells, which are real file
    /// names (PowerShell cannot send such rows to -LiteralPath; see RenderCmdlet.InitImage): read as patterns,
    /// "sketch[1].png" would silently render "sketch1.png" instead.
    /// </summary>
    private static bool NamesExistingFile(PSCmdlet cmdlet, string path)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(path)) return false;
        try
        {
            string file = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            return provider.Name == "FileSystem" && File.Exists(file);
        }
        catch (Exception e) when (e is ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or NotSupportedException or ProviderInvocationException)
        {
            // Not a path this check can follow: the wildcard resolution reports it.
            return false;
        }
    }
}

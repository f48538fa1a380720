using System.Management.Automation;
using InvokeAI.Core.Imaging;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Turns one -InitImage value into images: paths are resolved against the current PowerShell location
/// (wildcards expand to every match, as Get-FileHash does), image objects pass through. Problems are written as
/// non-terminating errors naming the path, and yield nothing, so the rest of a batch continues.
/// </summary>
internal static class InitImageReader
{
    public static IEnumerable<(RgbaImage Image, string? SourcePath)> Read(PSCmdlet cmdlet, InitImageSource source)
    {
        if (source.Image is not null)
        {
            yield return (source.Image.Pixels, source.Image.SourcePath);
            yield break;
        }
        foreach (string path in ResolvePaths(cmdlet, source))
        {
            RgbaImage? image = null;
            try
            {
                image = ImageFile.Load(path);
            }
            catch (ImageFileException e)
            {
                cmdlet.WriteError(new ErrorRecord(e, File.Exists(path) ? "InitImageUnreadable" : "InitImageNotFound",
                    File.Exists(path) ? ErrorCategory.InvalidData : ErrorCategory.ObjectNotFound, path));
            }
            if (image is not null) yield return (image, path);
        }
    }

    private static IEnumerable<string> ResolvePaths(PSCmdlet cmdlet, InitImageSource source)
    {
        string path = source.Path!;
        if (source.IsLiteralPath) return [path];
        try
        {
            var resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
            if (provider.Name == "FileSystem") return resolved;
            cmdlet.WriteError(new ErrorRecord(new ArgumentException($"'{path}' is not a file system path."),
                "InitImageNotAFile", ErrorCategory.InvalidArgument, path));
        }
        catch (ItemNotFoundException e)
        {
            cmdlet.WriteError(new ErrorRecord(new FileNotFoundException($"Init image '{path}' does not exist.", path, e),
                "InitImageNotFound", ErrorCategory.ObjectNotFound, path));
        }
        catch (Exception e) when (e is ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or NotSupportedException)
        {
            cmdlet.WriteError(new ErrorRecord(e, "InitImagePathInvalid", ErrorCategory.InvalidArgument, path));
        }
        return [];
    }
}

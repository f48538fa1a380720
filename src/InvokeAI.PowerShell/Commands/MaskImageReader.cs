using System.Collections.ObjectModel;
using System.Management.Automation;
using InvokeAI.Core.Imaging;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Reads -Mask: one image from a path (resolved against the current PowerShell location; a wildcard must match
/// exactly one file), a FileInfo, or an image object. The mask applies to every render of the call, so one that
/// cannot be read stops the call before any render, with a terminating error naming it, rather than letting the
/// batch render without it.
/// </summary>
internal static class MaskImageReader
{
    public const string NotFoundId = "MaskNotFound";
    public const string UnreadableId = "MaskUnreadable";
    public const string PathInvalidId = "MaskPathInvalid";

    /// <returns>
    /// The mask's pixels and its file, which renders record for -Metadata: for an image object, its file only when it
    /// is an unmodified import of it (<see cref="UnmodifiedImageFile"/>), since only then does the file give it back.
    /// </returns>
    public static (RgbaImage Image, string? Path) Read(PSCmdlet cmdlet, InitImageSource source)
    {
        if (source.Image is { } image) return (image.Pixels, UnmodifiedImageFile.Of(image));
        string file = Resolve(cmdlet, source.Path!, source.IsLiteralPath);
        if (Directory.Exists(file))
            throw Fail(cmdlet, new IOException($"Mask '{file}' is a folder, not an image file."), UnreadableId, ErrorCategory.InvalidArgument, file);
        var limits = ImageLoadLimitsPreference.Read(cmdlet);
        try
        {
            return (ImageFile.Load(file, limits), file);
        }
        catch (ImageFileException e)
        {
            var record = ImageFileErrors.Record(e, new IOException($"Mask '{file}' cannot be read: {e.Message}", e), ImageFileErrorIds.Mask, file);
            cmdlet.ThrowTerminatingError(record);
            throw; // not reached: ThrowTerminatingError always throws
        }
    }

    private static string Resolve(PSCmdlet cmdlet, string path, bool isLiteralPath)
    {
        var paths = cmdlet.SessionState.Path;
        Collection<string> files;
        ProviderInfo provider;
        try
        {
            if (isLiteralPath) return paths.GetUnresolvedProviderPathFromPSPath(path);
            files = paths.GetResolvedProviderPathFromPSPath(path, out provider);
            // As for init images: "mask[1].png" is a wildcard matching nothing, but a file of that very name is meant.
            if (files.Count == 0 && WildcardPattern.ContainsWildcardCharacters(path)
                && paths.GetUnresolvedProviderPathFromPSPath(path) is { } literal && File.Exists(literal))
                files.Add(literal);
        }
        catch (ItemNotFoundException e)
        {
            string missing = paths.GetUnresolvedProviderPathFromPSPath(path);
            throw Fail(cmdlet, new FileNotFoundException($"Mask '{missing}' does not exist.", missing, e), NotFoundId, ErrorCategory.ObjectNotFound, missing);
        }
        catch (Exception e) when (e is ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or NotSupportedException)
        {
            throw Fail(cmdlet, e, PathInvalidId, ErrorCategory.InvalidArgument, path);
        }
        if (provider.Name != "FileSystem")
            throw Fail(cmdlet, new ArgumentException($"Mask '{path}' is not a file system path."), PathInvalidId, ErrorCategory.InvalidArgument, path);
        if (files.Count == 0)
            throw Fail(cmdlet, new FileNotFoundException($"Mask '{path}' matches no file.", path), NotFoundId, ErrorCategory.ObjectNotFound, path);
        if (files.Count > 1)
            throw Fail(cmdlet, new ArgumentException($"Mask '{path}' matches {files.Count} files; -Mask takes one image."),
                PathInvalidId, ErrorCategory.InvalidArgument, path);
        return files[0];
    }

    /// <summary>Stops the cmdlet with the error; returns only to let callers write <c>throw Fail(...)</c>.</summary>
    private static Exception Fail(PSCmdlet cmdlet, Exception exception, string errorId, ErrorCategory category, string target)
    {
        cmdlet.ThrowTerminatingError(new ErrorRecord(exception, errorId, category, target));
        return exception;
    }
}

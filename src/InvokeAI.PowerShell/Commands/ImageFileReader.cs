using System.Management.Automation;
using InvokeAI.Core.Imaging;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Resolves image paths as PowerShell's own file cmdlets do and loads the files. Paths are relative to the current
/// PowerShell location, not the process directory; wildcard paths expand to every match, literal paths are taken
/// as written (so a name like "sketch[1].png" works). Each problem becomes a non-terminating error naming the path,
/// and the file is skipped, so one bad file never stops a batch.
/// </summary>
internal sealed class ImageFileReader(PSCmdlet cmdlet, ImageFileErrorIds ids)
{
    // Read once per reader, when the first file is loaded: a bad $InvokeAIMaxImagePixels stops the call there.
    private ImageLoadLimits? _limits;

    public IEnumerable<(RgbaImage Image, string Path)> Read(string path, bool isLiteralPath)
    {
        foreach (string file in Resolve(path, isLiteralPath))
        {
            var image = TryLoad(file);
            if (image is not null) yield return (image, file);
        }
    }

    /// <summary>The files a path names, without loading them; problems are written as errors and give no files.</summary>
    public List<string> Resolve(string path, bool isLiteralPath)
    {
        var files = new List<string>();
        try
        {
            ProviderInfo provider;
            if (isLiteralPath)
                files.Add(cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _));
            else
                files.AddRange(cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider));
            // "sketch[1].png" is a wildcard that matches nothing (or another file): when no match exists but a
            // file of that very name does, the user meant the file.
            if (!isLiteralPath && files.Count == 0 && WildcardPattern.ContainsWildcardCharacters(path)
                && cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path) is { } literal && File.Exists(literal))
                files.Add(literal);
            if (provider.Name != "FileSystem")
            {
                WriteError(new ArgumentException($"'{path}' is not a file system path."), ids.NotAFile, ErrorCategory.InvalidArgument, path);
                return [];
            }
        }
        catch (ItemNotFoundException e)
        {
            // Named by its full path, as Get-Item names it: in a batch log "./a.png" says little.
            string missing = FullPathOrAsGiven(path);
            WriteError(new FileNotFoundException($"{ids.Noun} '{missing}' does not exist.", missing, e), ids.NotFound, ErrorCategory.ObjectNotFound, missing);
            return [];
        }
        catch (Exception e) when (e is ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or NotSupportedException)
        {
            WriteError(e, ids.PathInvalid, ErrorCategory.InvalidArgument, path);
            return [];
        }
        // A wildcard such as photos/* also matches folders, which nobody asked to read: they are passed over. A
        // folder named on its own is a mistake, and reported.
        bool isPattern = !isLiteralPath && WildcardPattern.ContainsWildcardCharacters(path);
        var folders = files.Where(Directory.Exists).ToList();
        if (!isPattern)
        {
            foreach (string folder in folders)
                WriteError(new IOException($"'{folder}' is a folder, not an image file."), ids.NotAFile, ErrorCategory.InvalidArgument, folder);
        }
        return files.Except(folders).ToList();
    }

    private string FullPathOrAsGiven(string path)
    {
        try
        {
            return cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        }
        catch (Exception e) when (e is ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or NotSupportedException or ProviderInvocationException)
        {
            return path;
        }
    }

    private RgbaImage? TryLoad(string file)
    {
        _limits ??= ImageLoadLimitsPreference.Read(cmdlet);
        try
        {
            return ImageFile.Load(file, _limits);
        }
        catch (ImageFileException e)
        {
            cmdlet.WriteError(ImageFileErrors.Record(e, ids, file));
            return null;
        }
    }

    private void WriteError(Exception exception, string errorId, ErrorCategory category, string target) =>
        cmdlet.WriteError(new ErrorRecord(exception, errorId, category, target));
}


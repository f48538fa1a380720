using System.Management.Automation;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Resolves model folder paths as Get-FileHash resolves files: relative to the PowerShell location, wildcards
/// expanded (files they match are passed over: models/* names the folders in it), literal paths taken as written.
/// Each problem is a non-terminating error naming the path, and that path gives no folders.
/// </summary>
internal sealed class ModelFolderPathResolver(PSCmdlet cmdlet)
{
    public const string PathNotFound = "PathNotFound", NotAFolder = "ModelFolderInvalid", PathInvalid = "PathInvalid";

    public IReadOnlyList<string> Resolve(string path, bool isLiteralPath)
    {
        var paths = new List<string>();
        try
        {
            ProviderInfo provider;
            if (isLiteralPath)
            {
                string literal = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
                if (provider.Name == "FileSystem" && !Directory.Exists(literal) && !File.Exists(literal))
                {
                    WriteNotFound(literal, null);
                    return [];
                }
                paths.Add(literal);
            }
            else
            {
                paths.AddRange(cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider));
            }
            if (provider.Name != "FileSystem")
            {
                WriteError(new ArgumentException($"'{path}' is not a file system path: a model folder is a folder on disk."), PathInvalid, ErrorCategory.InvalidArgument, path);
                return [];
            }
        }
        catch (ItemNotFoundException e)
        {
            WriteNotFound(FullPathOrAsGiven(path), e);
            return [];
        }
        catch (Exception e) when (e is ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or NotSupportedException)
        {
            WriteError(e, PathInvalid, ErrorCategory.InvalidArgument, path);
            return [];
        }

        bool isPattern = !isLiteralPath && WildcardPattern.ContainsWildcardCharacters(path);
        var files = paths.Where(p => !Directory.Exists(p)).ToList();
        if (!isPattern)
        {
            foreach (string file in files)
                WriteError(new IOException($"'{file}' is a file, not a model folder: give the folder that holds model_index.json."),
                    NotAFolder, ErrorCategory.InvalidArgument, file);
        }
        return paths.Except(files).ToList();
    }

    private void WriteNotFound(string missing, Exception? inner) =>
        // Named by its full path, as Get-Item names it.
        WriteError(new ItemNotFoundException($"Cannot find path '{missing}' because it does not exist.", inner), PathNotFound, ErrorCategory.ObjectNotFound, missing);

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

    private void WriteError(Exception exception, string errorId, ErrorCategory category, string target) =>
        cmdlet.WriteError(new ErrorRecord(exception, errorId, category, target));
}

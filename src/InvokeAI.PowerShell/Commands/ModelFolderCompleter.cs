using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using InvokeAI.Core.Models;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Tab completion for -Model: the folders of open sessions, then folders under what was typed, model folders
/// (those with a model_index.json or unet/model.onnx) before other folders, so a user can walk to one. A folder
/// that is already offered as an open session is not offered again as a folder.
/// </summary>
public sealed class ModelFolderCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string typed = wordToComplete.Trim('\'', '"');
        var results = new List<CompletionResult>();
        var offeredSessions = new List<string>();
        foreach (var session in SessionRegistry.Snapshot())
        {
            // Two sessions of one folder (CPU and CUDA) are one folder to complete.
            if (!session.Model.StartsWith(typed, StringComparison.OrdinalIgnoreCase) || offeredSessions.Any(f => FolderPath.Same(f, session.Model))) continue;
            offeredSessions.Add(session.Model);
            results.Add(Result(session.Model, $"Open session '{session.Name}' on {session.Provider}"));
        }

        string location = CurrentFileSystemLocation();
        string full = Path.GetFullPath(Path.Combine(location, typed));
        bool endsWithSeparator = typed.Length == 0 || typed.EndsWith('/') || typed.EndsWith(Path.DirectorySeparatorChar);
        string parent = endsWithSeparator ? full : Path.GetDirectoryName(full) ?? full;
        string prefix = endsWithSeparator ? string.Empty : Path.GetFileName(full);
        if (!Directory.Exists(parent)) return results;

        IEnumerable<string> folders;
        try
        {
            folders = Directory.EnumerateDirectories(parent, prefix + "*").OrderBy(f => f, StringComparer.OrdinalIgnoreCase).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return results;
        }
        string typedParent = endsWithSeparator ? typed : typed[..^prefix.Length];
        foreach (string folder in folders.OrderByDescending(IsModelFolder))
        {
            if (offeredSessions.Any(f => FolderPath.Same(f, folder))) continue;
            string text = typedParent + Path.GetFileName(folder);
            results.Add(Result(text, IsModelFolder(folder) ? "Stable Diffusion model folder" : "Folder"));
        }
        return results;
    }

    /// <summary>
    /// PowerShell's location, not the process's. A completer runs on the pipeline thread while a pipeline is
    /// running, so the runspace's SessionStateProxy is off limits; a nested command in the current runspace is not.
    /// </summary>
    private static string CurrentFileSystemLocation()
    {
        try
        {
            using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            ps.AddCommand("Microsoft.PowerShell.Management\\Get-Location").AddParameter("PSProvider", "FileSystem");
            if (ps.Invoke<PathInfo>().FirstOrDefault() is { } location) return location.ProviderPath;
        }
        catch (Exception e) when (e is PSInvalidOperationException or CommandNotFoundException or RuntimeException)
        {
            // Fall through: the process directory is the best remaining guess.
        }
        return Environment.CurrentDirectory;
    }

    private static bool IsModelFolder(string folder) =>
        File.Exists(Path.Combine(folder, "model_index.json")) || File.Exists(Path.Combine(folder, "unet", "model.onnx"));

    private static CompletionResult Result(string path, string tooltip)
    {
        string text = path.IndexOfAny([' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', '&', ',']) >= 0 ? $"'{path.Replace("'", "''")}'" : path;
        return new CompletionResult(text, path, CompletionResultType.ParameterValue, tooltip);
    }
}

using System.Diagnostics;
using System.Management.Automation;
using InvokeAI.Core.Models;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Finds the session a cmdlet works with: an explicit session (refused once closed), or a model folder (null for
/// $env:INVOKEAI_MODEL, else the demo model) opened once through the shared registry, so every later call reuses
/// it. Problems are written as non-terminating errors naming the folder; loading's warnings are written by the
/// call that loaded it, and -Verbose says what was used.
/// </summary>
internal sealed class ModelSessionOpener(PSCmdlet cmdlet)
{
    /// <summary>The session to use, or null after writing an error.</summary>
    public DiffusionSession? Open(DiffusionSession? session, string? modelFolder) => Open(session, modelFolder, out _);

    /// <summary>The session to use, or null after writing an error; <paramref name="loaded"/> says this call loaded it.</summary>
    public DiffusionSession? Open(DiffusionSession? session, string? modelFolder, out bool loaded)
    {
        var clock = Stopwatch.StartNew();
        var found = session is null ? OpenFolder(modelFolder, out loaded) : CheckOpen(session, out loaded);
        if (found is null) return null;
        // Written here for every way a session is found, so -Verbose always says what the model runs on.
        cmdlet.WriteVerbose(loaded
            ? $"Loaded model '{found.Model}' on {found.Provider} in {clock.Elapsed.TotalSeconds:0.00} s."
            : $"Using the open session '{found.Name}' for '{found.Model}' on {found.Provider} ({found.RendersCompleted} renders so far).");
        return found;
    }

    private DiffusionSession? CheckOpen(DiffusionSession session, out bool loaded)
    {
        loaded = false;
        if (session.IsOpen) return session;
        WriteError(new ObjectDisposedException("Session", $"Session '{session.Name}' ({session.Model}) has been closed. Open it again with Open-DiffusionSession."),
            "SessionClosed", ErrorCategory.ResourceUnavailable, session);
        return null;
    }

    private DiffusionSession? OpenFolder(string? modelFolder, out bool loaded)
    {
        loaded = false;
        var (folder, isDemo) = ModelSelection.Choose(modelFolder, cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath);
        try
        {
            var session = SessionRegistry.GetOrOpenDefault(folder, ModelSelection.ProviderFor(isDemo, null), isDemo, out loaded);
            if (loaded) foreach (string warning in session.LoadWarnings) cmdlet.WriteWarning(warning);
            return session;
        }
        catch (ModelFolderException e)
        {
            WriteError(e, "ModelFolderInvalid", ErrorCategory.InvalidArgument, e.Path);
        }
        catch (InvalidOperationException e)
        {
            WriteError(e, "ExecutionProviderUnavailable", ErrorCategory.ResourceUnavailable, folder);
        }
        return null;
    }

    private void WriteError(Exception exception, string errorId, ErrorCategory category, object? target) =>
        cmdlet.WriteError(new ErrorRecord(exception, errorId, category, target));
}

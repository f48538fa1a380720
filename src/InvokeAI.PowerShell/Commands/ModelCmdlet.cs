using System.Diagnostics;
using System.Management.Automation;
using InvokeAI.Core.Models;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Base for cmdlets that run a model: an explicit -Session, or -Model (a folder; by property name too, so an image
/// piped back in renders with the model that made it), or the default: $env:INVOKEAI_MODEL, else the demo model.
/// Whatever is chosen is opened once and shared.
/// </summary>
/// <remarks>
/// The cmdlets declare -Session and -Model themselves, because their parameter sets differ: a render also chooses
/// between -InitImage and -LiteralPath, so each of the two comes in two sets there.
/// </remarks>
public abstract class ModelCmdlet : CancellableCmdlet
{
    protected const string ModelSet = "Model";
    protected const string SessionSet = "Session";

    /// <summary>An open session to run with, instead of a folder.</summary>
    public abstract DiffusionSession? Session { get; set; }

    /// <summary>The model folder, or null for $env:INVOKEAI_MODEL or the demo model.</summary>
    public abstract string? Model { get; set; }

    /// <summary>The model to run, or null after writing a non-terminating error that names the folder.</summary>
    protected DiffusionModel? ResolveModel()
    {
        var clock = Stopwatch.StartNew();
        var session = Session is null ? OpenDefaultSession(out bool loaded) : CheckOpen(Session, out loaded);
        if (session is null) return null;
        // Written here for every way a session is found, so -Verbose always says what the render runs on.
        WriteVerbose(loaded
            ? $"Loaded model '{session.Model}' on {session.Provider} in {clock.Elapsed.TotalSeconds:0.00} s."
            : $"Using the open session '{session.Name}' for '{session.Model}' on {session.Provider} ({session.RendersCompleted} renders so far).");
        return session.DiffusionModel;
    }

    private DiffusionSession? CheckOpen(DiffusionSession session, out bool loaded)
    {
        loaded = false;
        if (session.IsOpen) return session;
        WriteError(new ObjectDisposedException(nameof(Session), $"Session '{session.Name}' ({session.Model}) has been closed. Open it again with Open-DiffusionSession."),
            "SessionClosed", ErrorCategory.ResourceUnavailable, session);
        return null;
    }

    private DiffusionSession? OpenDefaultSession(out bool loaded)
    {
        loaded = false;
        var (folder, isDemo) = ModelSelection.Choose(Model, SessionState.Path.GetUnresolvedProviderPathFromPSPath);
        try
        {
            var session = SessionRegistry.GetOrOpenDefault(folder, ModelSelection.ProviderFor(isDemo, null), isDemo, out loaded);
            if (loaded) foreach (string warning in session.LoadWarnings) WriteWarning(warning);
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
}

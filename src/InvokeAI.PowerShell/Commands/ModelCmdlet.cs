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
public abstract class ModelCmdlet : CancellableCmdlet
{
    protected const string ModelSet = "Model";
    protected const string SessionSet = "Session";

    [Parameter(Mandatory = true, ParameterSetName = SessionSet)]
    [ValidateNotNull]
    public DiffusionSession? Session { get; set; }

    [Parameter(ParameterSetName = ModelSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ModelFolderCompleter))]
    public string? Model { get; set; }

    /// <summary>The model to run, or null after writing a non-terminating error that names the folder.</summary>
    protected DiffusionModel? ResolveModel()
    {
        if (Session is not null)
        {
            if (Session.IsOpen) return Session.DiffusionModel;
            WriteError(new ObjectDisposedException(nameof(Session), $"Session '{Session.Name}' ({Session.Model}) has been closed. Open it again with Open-DiffusionSession."),
                "SessionClosed", ErrorCategory.ResourceUnavailable, Session);
            return null;
        }

        var (folder, isDemo) = ModelSelection.Choose(Model, SessionState.Path.GetUnresolvedProviderPathFromPSPath);
        try
        {
            var clock = Stopwatch.StartNew();
            var session = SessionRegistry.GetOrOpenDefault(folder, ModelSelection.ProviderFor(isDemo, null), isDemo, out bool loaded);
            if (loaded) foreach (string warning in session.LoadWarnings) WriteWarning(warning);
            WriteVerbose(loaded
                ? $"Loaded model '{session.Model}' on {session.Provider} in {clock.Elapsed.TotalSeconds:0.00} s."
                : $"Using the open session for '{session.Model}' on {session.Provider} ({session.RendersCompleted} renders so far).");
            return session.DiffusionModel;
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

using System.Management.Automation;
using InvokeAI.Core.Models;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Loads a model folder into a session that every later render can use (-Session, or implicitly by its folder).
/// Opening a folder that is already open returns that session when it runs on what was asked for (see
/// <see cref="ProviderRequest"/>: Auto takes any), so a model is never loaded twice for the same provider.
/// </summary>
[Cmdlet(VerbsCommon.Open, "DiffusionSession")]
[OutputType(typeof(DiffusionSession))]
public sealed class OpenDiffusionSessionCommand : PSCmdlet
{
    /// <summary>The model folder; without it, $env:INVOKEAI_MODEL or the built-in demo model.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "Path")]
    [ArgumentCompleter(typeof(ModelFolderCompleter))]
    public string? Model { get; set; }

    [Parameter]
    public ExecutionProvider? Provider { get; set; }

    [Parameter]
    [ValidateRange(0, 64)]
    public int DeviceId { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    protected override void ProcessRecord()
    {
        var (folder, isDemo) = ModelSelection.Choose(Model, SessionState.Path.GetUnresolvedProviderPathFromPSPath);
        try
        {
            var session = SessionRegistry.GetOrOpen(folder, ModelSelection.ProviderFor(isDemo, Provider), DeviceId, Name, isDemo, out bool loaded);
            if (loaded) foreach (string warning in session.LoadWarnings) WriteWarning(warning);
            // A session keeps the name it was opened with; renaming it here would surprise whoever opened it, and
            // silently ignoring -Name leaves `Get-DiffusionSession -Name <it>` finding nothing.
            if (!loaded && Name is not null && !string.Equals(Name, session.Name, StringComparison.OrdinalIgnoreCase))
                WriteWarning($"'{session.Model}' is already open as session {session.Id} named '{session.Name}', which is returned: " +
                             $"it is not renamed to '{Name}'. To open it under that name too, close '{session.Name}' first (Close-DiffusionSession -Name '{session.Name}').");
            WriteVerbose(loaded
                ? $"Loaded '{session.Model}' on {session.Provider} in {session.LoadTime.TotalSeconds:0.00} s."
                : $"'{session.Model}' is already open as session {session.Id} ('{session.Name}').");
            WriteObject(session);
        }
        catch (ModelFolderException e)
        {
            WriteError(new ErrorRecord(e, "ModelFolderInvalid", ErrorCategory.InvalidArgument, e.Path));
        }
        catch (InvalidOperationException e)
        {
            WriteError(new ErrorRecord(e, "ExecutionProviderUnavailable", ErrorCategory.ResourceUnavailable, folder));
        }
    }
}

using System.Management.Automation;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Releases sessions and the memory their models hold. A render still running with one in another runspace
/// finishes first; later renders that name it get a SessionClosed error.
/// </summary>
[Cmdlet(VerbsCommon.Close, "DiffusionSession", SupportsShouldProcess = true, DefaultParameterSetName = SessionSet)]
[OutputType(typeof(DiffusionSession))]
public sealed class CloseDiffusionSessionCommand : PSCmdlet
{
    private const string SessionSet = "Session";
    private const string NameSet = "Name";
    private const string AllSet = "All";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = SessionSet)]
    [ValidateNotNull]
    public DiffusionSession[] Session { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SessionNameCompleter))]
    public string[] Name { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    /// <summary>Writes each closed session (IsOpen now false), e.g. to log what was released.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        IEnumerable<DiffusionSession> targets = ParameterSetName switch
        {
            SessionSet => Session,
            // Each session once, however many patterns name it.
            NameSet => SessionNamePatterns.Match(this, SessionRegistry.Snapshot(), Name).Distinct(),
            _ => SessionRegistry.Snapshot(),
        };
        foreach (var session in targets.ToList())
        {
            if (!ShouldProcess($"session {session.Id} '{session.Name}' ({session.Model})", "Close")) continue;
            SessionRegistry.Close(session);
            if (PassThru) WriteObject(session);
        }
    }
}

using System.Management.Automation;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>Lists the open sessions: model, provider in use, memory, renders done.</summary>
[Cmdlet(VerbsCommon.Get, "DiffusionSession", DefaultParameterSetName = NameSet)]
[OutputType(typeof(DiffusionSession))]
public sealed class GetDiffusionSessionCommand : PSCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";

    [Parameter(Position = 0, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SessionNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = IdSet)]
    public int[] Id { get; set; } = [];

    protected override void ProcessRecord()
    {
        var sessions = SessionRegistry.Snapshot();
        if (ParameterSetName == IdSet)
        {
            foreach (int id in Id)
            {
                var match = sessions.FirstOrDefault(s => s.Id == id);
                if (match is not null) WriteObject(match);
                else WriteError(new ErrorRecord(new ItemNotFoundException($"No open session has Id {id}."), "SessionNotFound", ErrorCategory.ObjectNotFound, id));
            }
            return;
        }
        if (Name is null)
        {
            WriteObject(sessions, enumerateCollection: true);
            return;
        }
        foreach (var match in SessionNamePatterns.Match(this, sessions, Name)) WriteObject(match);
    }
}

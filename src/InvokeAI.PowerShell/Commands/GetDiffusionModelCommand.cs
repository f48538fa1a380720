using System.Management.Automation;
using InvokeAI.Core.Models;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Reports what a model folder is and what will work with it, before any render: family, precision, the sampler and
/// settings renders take, every sub-model's inputs and outputs, the provider, and notes on what will not work.
/// </summary>
/// <remarks>
/// The folder is opened through the shared session registry, as a render would open it, so the report describes the
/// sessions a render uses (the provider an Auto load ended on, its CPU fallback) and reuses a session already open.
/// A folder this call had to load is closed again after its report unless -KeepOpen: a folder of SDXL models piped
/// in would otherwise hold gigabytes per model only looked at.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "DiffusionModel", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ModelReport))]
public sealed class GetDiffusionModelCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string SessionSet = "Session";

    /// <summary>Not mandatory: with no folder named, the default model ($env:INVOKEAI_MODEL, else the demo model) is reported.</summary>
    [Parameter(Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ModelFolderCompleter))]
    public string[] Path { get; set; } = [];

    /// <summary>Folders from Get-ChildItem -Directory bind here through their PSPath, so names with brackets work.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = SessionSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public DiffusionSession? Session { get; set; }

    /// <summary>Keep the sessions this call loads open, so renders that follow do not load the model again.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public SwitchParameter KeepOpen { get; set; }

    protected override void ProcessRecord()
    {
        var opener = new ModelSessionOpener(this);
        if (ParameterSetName == SessionSet)
        {
            WriteReport(opener.Open(Session, null));
            return;
        }
        bool literal = ParameterSetName == LiteralPathSet;
        string[] paths = literal ? LiteralPath : Path;
        if (paths.Length == 0)
        {
            WriteReport(opener.Open(null, null, out bool loadedDefault), loadedDefault);
            return;
        }
        var resolver = new ModelFolderPathResolver(this);
        foreach (string path in paths)
        {
            foreach (string folder in resolver.Resolve(path, literal))
                WriteReport(opener.Open(null, folder, out bool loaded), loaded);
        }
    }

    private void WriteReport(DiffusionSession? session, bool loadedHere = false)
    {
        if (session is null) return;
        var report = ModelReport.Of(session.DiffusionModel);
        if (loadedHere && !KeepOpen) SessionRegistry.Close(session);
        WriteObject(report);
    }
}

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

    /// <summary>ONNX Runtime's intra-op threads on the CPU; without it, the processor count.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int? ThreadCount { get; set; }

    /// <summary>
    /// A folder where CPU sessions keep their optimised graphs, so a later load skips ONNX Runtime's graph
    /// optimisation. No ShouldProcess: the cmdlet has none, and writing here is what the parameter asks for.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OptimizedModelCache { get; set; }

    protected override void ProcessRecord()
    {
        var (folder, isDemo) = ModelSelection.Choose(Model, SessionState.Path.GetUnresolvedProviderPathFromPSPath);
        try
        {
            string? cache = OptimizedModelCache is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(OptimizedModelCache);
            var session = SessionRegistry.GetOrOpen(folder, ModelSelection.ProviderFor(isDemo, Provider), DeviceId, Name, isDemo, out bool loaded,
                ThreadCount, cache);
            if (loaded) foreach (string warning in session.LoadWarnings) WriteWarning(warning);
            // A session keeps the name it was opened with; renaming it here would surprise whoever opened it, and
            // silently ignoring -Name leaves `Get-DiffusionSession -Name <it>` finding nothing.
            if (!loaded && Name is not null && !string.Equals(Name, session.Name, StringComparison.OrdinalIgnoreCase))
                WriteWarning($"'{session.Model}' is already open as session {session.Id} named '{session.Name}', which is returned: " +
                             $"it is not renamed to '{Name}'. To open it under that name too, close '{session.Name}' first (Close-DiffusionSession -Name '{session.Name}').");
            // The same for the load options: the open session is returned as it was loaded, and the user told how.
            if (!loaded && ThreadCount is int threads && session.ThreadCount is int open && open != threads)
                WriteWarning($"'{session.Model}' is already open as session {session.Id} with {open} threads, which is returned: " +
                             $"-ThreadCount {threads} applies to a new load. Close it first (Close-DiffusionSession -Name '{session.Name}') to reopen it with {threads}.");
            if (!loaded && cache is not null && !string.Equals(Path.GetFullPath(cache), session.OptimizedModelCache, StringComparison.Ordinal))
                WriteWarning($"'{session.Model}' is already open as session {session.Id}, loaded {(session.OptimizedModelCache is null ? "without the optimised-model cache" : $"through the cache '{session.OptimizedModelCache}'")}, " +
                             $"which is returned: -OptimizedModelCache applies to a new load. Close it first (Close-DiffusionSession -Name '{session.Name}') to reload it through '{cache}'.");
            if (loaded) foreach (var use in session.OptimizedModelCacheUses)
                WriteVerbose($"Optimised-model cache, {use.SubModel}: {use.Outcome} ({use.Entry}).");
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

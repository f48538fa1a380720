using System.Management.Automation;
using InvokeAI.Core.Models;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Loads a model folder into a session that every later render can use (-Session, or implicitly by its folder).
/// Opening a folder that is already open returns that session when it runs on what was asked for (see
/// <see cref="ProviderRequest"/>: Auto takes any in that slot), so a model is never loaded twice for the same provider.
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

    /// <summary>One session per id, each written to the pipeline; on the CPU an id is a worker slot (see <see cref="ProviderRequest"/>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateRange(0, 64)]
    [ValidateDistinct]
    public int[] DeviceId { get; set; } = [0];

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

    /// <summary>CUDA's arena limit in MiB (gpu_mem_limit); 1 MiB to 1 TiB.</summary>
    [Parameter]
    [ValidateRange(1, 1048576)]
    public int? GpuMemoryLimitMB { get; set; }

    [Parameter]
    public CudaArenaExtendStrategy? ArenaExtendStrategy { get; set; }

    [Parameter]
    public CudnnConvolutionSearch? CudnnConvolutionSearch { get; set; }

    [Parameter]
    public SwitchParameter TensorRT { get; set; }

    protected override void ProcessRecord()
    {
        // Every device's load says the same about missing libraries or ignored options: each sentence is written once.
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (int deviceId in DeviceId)
            if (!Open(deviceId, written)) break;
    }

    /// <returns>False when the folder itself is unusable: no other device can load it either.</returns>
    private bool Open(int deviceId, HashSet<string> written)
    {
        var (folder, isDemo) = ModelSelection.Choose(Model, SessionState.Path.GetUnresolvedProviderPathFromPSPath);
        try
        {
            string? cache = OptimizedModelCache is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(OptimizedModelCache);
            var options = new ModelLoadOptions
            {
                Provider = ModelSelection.ProviderFor(isDemo, Provider),
                DeviceId = deviceId,
                IntraOpThreads = ThreadCount,
                OptimizedModelCache = cache,
                GpuMemoryLimitMB = GpuMemoryLimitMB,
                ArenaExtendStrategy = ArenaExtendStrategy,
                CudnnConvolutionSearch = CudnnConvolutionSearch,
                TensorRT = TensorRT.IsPresent,
            };
            var session = SessionRegistry.GetOrOpen(folder, options, Name, isDemo, out bool loaded);
            if (loaded) foreach (string warning in session.LoadWarnings) if (written.Add(warning)) WriteWarning(warning);
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
            if (!loaded && options.HasCudaOptions && session.CudaOptions is null)
            {
                // No load, so no warning from the engine: the options are ignored all the same, and the user is told.
                var names = CudaProviderOptions.ParameterNames(options);
                WriteWarning($"'{session.Model}' is already open as session {session.Id} on the CPU, which is returned: {string.Join(", ", names)} " +
                             $"{(names.Count == 1 ? "is" : "are")} ignored because the session runs on the CPU{(session.CpuFallbackReason is null ? "." : $": {session.CpuFallbackReason}")}");
            }
            else if (!loaded && options.HasCudaOptions && !SameCudaOptions(session, options))
                WriteWarning($"'{session.Model}' is already open as session {session.Id} with {session.CudaOptions}, which is returned: " +
                             $"the CUDA options apply to a new load. Close it first (Close-DiffusionSession -Name '{session.Name}') to reload it with them.");
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
            return false;
        }
        catch (InvalidOperationException e)
        {
            // Missing CUDA libraries fail every device alike and are reported once; a device's own refusal names it.
            if (written.Add(e.Message))
                WriteError(new ErrorRecord(e, "ExecutionProviderUnavailable", ErrorCategory.ResourceUnavailable, folder));
        }
        return true;
    }

    /// <summary>
    /// Whether an open CUDA session was loaded with the options asked for now. TensorRT counts as asked for only when
    /// the session has it: a load whose TensorRT was missing ran on CUDA alone, as this request would.
    /// </summary>
    private static bool SameCudaOptions(DiffusionSession session, ModelLoadOptions asked) =>
        session.CudaOptions is string open && open == CudaProviderOptions.Describe(asked with { DeviceId = session.DeviceId }, asked.TensorRT && open.StartsWith("TensorRT", StringComparison.Ordinal));
}

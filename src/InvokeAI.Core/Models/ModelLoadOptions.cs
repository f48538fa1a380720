namespace InvokeAI.Core.Models;

/// <summary>How to load a model folder.</summary>
public sealed record ModelLoadOptions
{
    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;
    public int DeviceId { get; init; }

    /// <summary>
    /// ONNX Runtime's intra-op threads for CPU sessions; null = the processor count (see <see cref="SessionFactory"/>).
    /// Fewer leaves cores to other work on a shared machine; CUDA sessions ignore it.
    /// </summary>
    public int? IntraOpThreads { get; init; }

    /// <summary>
    /// A folder for ONNX Runtime's optimised graphs of CPU sessions (<see cref="OptimizedModelCache"/>), so a later
    /// load skips graph optimisation; null = no cache. CUDA sessions are never cached.
    /// </summary>
    public string? OptimizedModelCache { get; init; }
}

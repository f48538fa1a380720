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

    // The CUDA provider's options (CudaProviderOptions turns them into ONNX Runtime's strings). Null leaves ONNX
    // Runtime's default; a session that ends on the CPU ignores them, with a warning.

    /// <summary>The most the CUDA arena may hold on the device, in MiB (gpu_mem_limit); null = no limit.</summary>
    public int? GpuMemoryLimitMB { get; init; }
    /// <summary>How the CUDA arena grows (arena_extend_strategy).</summary>
    public CudaArenaExtendStrategy? ArenaExtendStrategy { get; init; }
    /// <summary>How cuDNN picks a convolution algorithm (cudnn_conv_algo_search).</summary>
    public CudnnConvolutionSearch? CudnnConvolutionSearch { get; init; }
    /// <summary>Put TensorRT before CUDA when its libraries load; CUDA runs whatever TensorRT does not take.</summary>
    public bool TensorRT { get; init; }

    /// <summary>True when any CUDA-only option is set.</summary>
    public bool HasCudaOptions => GpuMemoryLimitMB is not null || ArenaExtendStrategy is not null || CudnnConvolutionSearch is not null || TensorRT;
}

/// <summary>How ONNX Runtime's CUDA arena grows when it needs more device memory.</summary>
public enum CudaArenaExtendStrategy
{
    /// <summary>Doubles each time (ONNX Runtime's default): fewer allocations, more memory held.</summary>
    NextPowerOfTwo,
    /// <summary>Takes only what was asked for: less memory held, more allocations.</summary>
    SameAsRequested,
}

/// <summary>How cuDNN chooses a convolution algorithm for each shape.</summary>
public enum CudnnConvolutionSearch
{
    /// <summary>Benchmarks every algorithm (ONNX Runtime's default): the fastest, after a slow first call per shape.</summary>
    Exhaustive,
    /// <summary>cuDNN's own guess: a quick first call, possibly slower ones after.</summary>
    Heuristic,
    /// <summary>cuDNN's default algorithm, no search at all.</summary>
    Default,
}

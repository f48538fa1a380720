using Microsoft.ML.OnnxRuntime;

namespace InvokeAI.Core.Models;

/// <summary>
/// Decides once per model which execution provider its sessions use, and creates them. Auto tries CUDA and
/// falls back to the CPU with a warning that names what is missing; an explicit Cuda request fails instead,
/// because a user who asked for the GPU should not silently get a render twenty times slower.
/// </summary>
/// <remarks>
/// Missing CUDA libraries are warned about once per process: they are missing for every model alike, so a session
/// script that loads several models would otherwise repeat the same paragraph for each. Every fallback still keeps
/// its reason in <see cref="CpuFallbackReason"/>. A device that refuses one model is that model's problem and is
/// warned about on each load.
/// </remarks>
internal sealed class SessionFactory
{
    /// <summary>The process's own: the first Auto load that finds CUDA's libraries missing gives the warning.</summary>
    private static readonly OnceNotice ProcessCudaMissingNotice = new();

    private readonly int _deviceId;
    private readonly Action<string> _warn;
    private readonly ExecutionProvider _requested;

    public bool UsesCuda { get; private set; }
    public string ProviderInUse => UsesCuda ? $"CUDA (device {_deviceId})" : "CPU";
    /// <summary>Why an Auto request runs on the CPU; null when it runs on what was requested.</summary>
    public string? CpuFallbackReason { get; private set; }

    /// <param name="cudaMissingNotice">
    /// Who has already been told that CUDA's libraries are missing; the process's own unless a test needs a fresh one.
    /// </param>
    public SessionFactory(ExecutionProvider requested, int deviceId, Action<string> warn, OnceNotice? cudaMissingNotice = null)
    {
        _deviceId = deviceId;
        _warn = warn;
        _requested = requested;
        OnnxRuntimeEnvironment.Get();
        if (requested == ExecutionProvider.Cpu) return;

        string? problem = CudaLibraryProbe.FindProblem();
        if (problem is null) UsesCuda = true;
        else if (requested == ExecutionProvider.Cuda)
            throw new InvalidOperationException($"The CUDA execution provider cannot be used: {problem}.");
        else
        {
            CpuFallbackReason = $"CUDA is not available ({problem}); running on the CPU.";
            if ((cudaMissingNotice ?? ProcessCudaMissingNotice).Claim()) _warn(CpuFallbackReason);
        }
    }

    /// <summary>
    /// A session on the chosen provider. When CUDA loaded but a device refuses a model (no GPU, driver too old), an
    /// explicit Cuda request fails; under Auto a <see cref="CudaFallbackException"/> tells the caller to reopen every
    /// sub-model on the CPU, so a model never runs half on each device.
    /// </summary>
    /// <param name="kind">Which sub-model the file is: the CPU options are chosen per sub-model (see CreateOptions).</param>
    public InferenceSession Open(string modelPath, SubModelKind kind = SubModelKind.Other)
    {
        if (!UsesCuda)
        {
            using var cpuOptions = CreateOptions(cuda: false, kind);
            return new InferenceSession(modelPath, cpuOptions);
        }
        try
        {
            using var cudaOptions = CreateOptions(cuda: true, kind);
            return new InferenceSession(modelPath, cudaOptions);
        }
        catch (OnnxRuntimeException e)
        {
            string problem = $"CUDA device {_deviceId} could not run '{modelPath}' ({e.Message.Trim()})";
            if (_requested == ExecutionProvider.Cuda)
                throw new InvalidOperationException($"The CUDA execution provider cannot be used: {problem}.", e);
            UsesCuda = false;
            CpuFallbackReason = $"{problem}; running on the CPU.";
            _warn(CpuFallbackReason);
            throw new CudaFallbackException();
        }
    }

    /// <summary>
    /// A session on the chosen provider for a model rewritten in memory from the file at <paramref name="modelPath"/>.
    /// Weights stored beside that file are looked for in its folder when <paramref name="hasExternalData"/>, since
    /// bytes carry no folder of their own.
    /// </summary>
    /// <remarks>
    /// A refusal is thrown as it is, never taken for the device's: the rewrite may be what ONNX Runtime refuses, so
    /// the caller opens the file itself with <see cref="Open(string)"/>, whose refusal is judged as any other's.
    /// </remarks>
    public InferenceSession Open(string modelPath, byte[] modelBytes, bool hasExternalData,
        SubModelKind kind = SubModelKind.Other)
    {
        using var options = CreateOptions(UsesCuda, kind);
        if (hasExternalData)
            options.AddSessionConfigEntry("session.model_external_initializers_file_folder_path",
                Path.GetDirectoryName(Path.GetFullPath(modelPath))!);
        return new InferenceSession(modelBytes, options);
    }

    /// <summary>The options of one session; the CPU ones were chosen by measurement, see the remarks.</summary>
    /// <remarks>
    /// Measured with the bench-sd-lp model (SD 1.5 layout at reduced width: UNet at a 64×64 latent, batch 2; VAE at
    /// 512×512) on a 2-core AMD EPYC VM shared with other work, ONNX Runtime 1.31, each configuration in a fresh
    /// process, interleaved and repeated (docs/ARCHITECTURE.md, "Session options", has the table):
    /// <list type="bullet">
    /// <item>IntraOpNumThreads: ONNX Runtime's default (0) sized its pool to 1 thread on this VM; the processor count
    /// is set explicitly so every core is used.</item>
    /// <item>EnableMemoryPattern off: the planned pattern pre-allocates every intermediate of the largest shape seen
    /// (the UNet's 4096×4096 attention scores); without it the UNet's peak working set fell from 6.6 GB to 3.4 GB
    /// and its second call (where the pattern is first built) from 9–14 s to 4.7 s, at no measurable warm cost.</item>
    /// <item>The CPU arena stays on: without it the first UNet call took 20.6 s instead of 5–8 s.</item>
    /// <item>Graph optimisation stays ALL: EXTENDED measured the same, BASIC and DISABLE were slower on warm calls
    /// (see the table; under the other session's load the differences below 10 % are noise).</item>
    /// <item>Execution mode stays sequential (InterOpNumThreads is only used by the parallel mode, which did not
    /// help: these graphs are chains); intra-op spinning stays on (its default).</item>
    /// </list>
    /// The CUDA path keeps ONNX Runtime's defaults apart from the optimisation level: it is unmeasured here (no GPU).
    /// </remarks>
    private SessionOptions CreateOptions(bool cuda, SubModelKind kind)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
        };
        if (cuda)
        {
            options.AppendExecutionProvider_CUDA(_deviceId);
            return options;
        }
        options.IntraOpNumThreads = Environment.ProcessorCount;
        options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
        options.EnableMemoryPattern = kind is not SubModelKind.Other;
        return options;
    }
}

/// <summary>Which part of a diffusion model a session runs: the CPU session options differ per part.</summary>
internal enum SubModelKind
{
    /// <summary>Any other graph (tests' small models): ONNX Runtime's defaults besides the thread count.</summary>
    Other,
    TextEncoder,
    Unet,
    VaeEncoder,
    VaeDecoder,
}

/// <summary>Signals that the sub-models opened so far must be reopened on the CPU.</summary>
internal sealed class CudaFallbackException : Exception
{
    public CudaFallbackException() : base("CUDA failed under Auto; the model is reopened on the CPU.") { }
}

/// <summary>A message to give once, however many loads meet its cause, from whichever thread comes first.</summary>
internal sealed class OnceNotice
{
    private int _claimed;

    /// <summary>True for the first caller only: that caller gives the message.</summary>
    public bool Claim() => Interlocked.Exchange(ref _claimed, 1) == 0;
}

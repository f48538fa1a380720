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
    private readonly OptimizedModelCache? _cache;
    private readonly ModelLoadOptions _cudaOptions;
    private bool _tensorRtWarned;

    /// <summary>ONNX Runtime's intra-op threads in CPU sessions.</summary>
    public int IntraOpThreads { get; }

    public bool UsesCuda { get; private set; }
    public string ProviderInUse => UsesCuda ? $"CUDA (device {_deviceId})" : "CPU";
    /// <summary>Why an Auto request runs on the CPU; null when it runs on what was requested.</summary>
    public string? CpuFallbackReason { get; private set; }
    /// <summary>True when TensorRT was asked for (-TensorRT) and its libraries load: it goes before CUDA.</summary>
    public bool UsesTensorRt { get; private set; }
    /// <summary>The CUDA provider options in use, as text (<see cref="CudaProviderOptions.Describe"/>); null on the CPU.</summary>
    public string? CudaOptionsInUse => UsesCuda ? CudaProviderOptions.Describe(_cudaOptions, UsesTensorRt) : null;

    /// <param name="cudaMissingNotice">
    /// Who has already been told that CUDA's libraries are missing; the process's own unless a test needs a fresh one.
    /// </param>
    /// <param name="intraOpThreads">CPU sessions' intra-op threads; null = the processor count.</param>
    /// <param name="cache">Where CPU sessions keep their optimised graphs; null = nowhere. CUDA sessions never use it.</param>
    /// <param name="cudaOptions">The CUDA provider's options (memory limit, arena, cuDNN search, TensorRT); null = ONNX Runtime's defaults.</param>
    public SessionFactory(ExecutionProvider requested, int deviceId, Action<string> warn, OnceNotice? cudaMissingNotice = null,
        int? intraOpThreads = null, OptimizedModelCache? cache = null, ModelLoadOptions? cudaOptions = null)
    {
        // The device id is the factory's own, so the provider strings always name the device the session is on.
        _cudaOptions = (cudaOptions ?? new ModelLoadOptions()) with { DeviceId = deviceId };
        if (intraOpThreads is < 1)
            throw new ArgumentOutOfRangeException(nameof(intraOpThreads), intraOpThreads, "A session needs at least one thread.");
        _deviceId = deviceId;
        _warn = warn;
        _requested = requested;
        _cache = cache;
        IntraOpThreads = intraOpThreads ?? Environment.ProcessorCount;
        OnnxRuntimeEnvironment.Get();
        if (requested == ExecutionProvider.Cpu)
        {
            WarnCudaOptionsIgnored("-Provider Cpu was asked for.");
            return;
        }

        string? problem = CudaLibraryProbe.FindProblem();
        string? ignoredReason = null;
        if (problem is null) UsesCuda = true;
        else if (requested == ExecutionProvider.Cuda)
            throw new InvalidOperationException($"The CUDA execution provider cannot be used: {problem}.");
        else
        {
            CpuFallbackReason = $"CUDA is not available ({problem}); running on the CPU.";
            if ((cudaMissingNotice ?? ProcessCudaMissingNotice).Claim())
            {
                _warn(CpuFallbackReason);
                // The long loader message was just given: the options' warning points to it rather than repeat it.
                ignoredReason = "CUDA is not available (see the warning above).";
            }
        }
        if (_cudaOptions.TensorRT)
        {
            // Probed even when CUDA is missing, so the user learns everything TensorRT needs from one load.
            string? tensorRtProblem = CudaLibraryProbe.FindTensorRtProblem();
            if (tensorRtProblem is null) UsesTensorRt = UsesCuda;
            else
            {
                _warn($"TensorRT is not used: {tensorRtProblem}. {(UsesCuda ? "The session runs on CUDA alone." : "")}".TrimEnd());
                _tensorRtWarned = true;
            }
        }
        if (!UsesCuda) WarnCudaOptionsIgnored(ignoredReason ?? CpuFallbackReason!);
    }

    /// <summary>
    /// Once per load, when CUDA options were given but the model runs on the CPU. -TensorRT is left out when its own
    /// warning has already said why it is not used.
    /// </summary>
    private void WarnCudaOptionsIgnored(string reason)
    {
        var names = CudaProviderOptions.ParameterNames(_cudaOptions).Where(n => n != "-TensorRT" || !_tensorRtWarned).ToList();
        if (names.Count == 0) return;
        _warn($"{string.Join(", ", names)} {(names.Count == 1 ? "is" : "are")} ignored because the session runs on the CPU: {reason}");
    }

    /// <summary>
    /// A session on the chosen provider. When CUDA loaded but a device refuses a model (no GPU, driver too old), an
    /// explicit Cuda request fails; under Auto a <see cref="CudaFallbackException"/> tells the caller to reopen every
    /// sub-model on the CPU, so a model never runs half on each device.
    /// </summary>
    /// <param name="name">The sub-model ("UNet"), for the cache's warnings and report.</param>
    public InferenceSession Open(string modelPath, string? name = null)
    {
        if (!UsesCuda)
        {
            if (_cache is not null)
                return _cache.Open(name ?? modelPath, modelPath, null, CpuOptionsKey, () => CreateOptions(cuda: false),
                    options => new InferenceSession(modelPath, options));
            using var cpuOptions = CreateOptions(cuda: false);
            return new InferenceSession(modelPath, cpuOptions);
        }
        try
        {
            using var cudaOptions = CreateOptions(cuda: true);
            return new InferenceSession(modelPath, cudaOptions);
        }
        catch (OnnxRuntimeException e)
        {
            string problem = $"CUDA device {_deviceId} could not run '{modelPath}' ({e.Message.Trim()})";
            if (_requested == ExecutionProvider.Cuda)
                throw new InvalidOperationException($"The CUDA execution provider cannot be used: {problem}.", e);
            UsesCuda = false;
            UsesTensorRt = false;
            CpuFallbackReason = $"{problem}; running on the CPU.";
            _warn(CpuFallbackReason);
            WarnCudaOptionsIgnored(CpuFallbackReason);
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
    /// <remarks>
    /// Cached like a file (the key holds the rewritten bytes' hash, so an entry is never taken for the file's own
    /// graph); the bytes are still read and rewritten on a cached load, a small cost beside the VAE's optimisation.
    /// </remarks>
    public InferenceSession Open(string modelPath, byte[] modelBytes, bool hasExternalData, string? name = null)
    {
        InferenceSession FromBytes(SessionOptions options)
        {
            if (hasExternalData)
                options.AddSessionConfigEntry("session.model_external_initializers_file_folder_path",
                    Path.GetDirectoryName(Path.GetFullPath(modelPath))!);
            return new InferenceSession(modelBytes, options);
        }

        if (!UsesCuda && _cache is not null)
            return _cache.Open(name ?? modelPath, modelPath, modelBytes, CpuOptionsKey, () => CreateOptions(cuda: false), FromBytes);
        using var options = CreateOptions(UsesCuda);
        return FromBytes(options);
    }

    /// <summary>
    /// <see cref="CreateOptions"/>'s CPU options as text, for the optimised-model cache's key: kept beside the code
    /// that sets them, so a new option is added to both.
    /// </summary>
    private string CpuOptionsKey =>
        $"level=ORT_ENABLE_ALL intra-op-threads={IntraOpThreads} execution=ORT_SEQUENTIAL memory-pattern=off";

    /// <summary>The options of every session; the CPU ones were chosen by measurement (see the remarks).</summary>
    /// <remarks>
    /// Measured per sub-model with the bench-sd-lp model (SD 1.5 layout at reduced width; UNet at a 64×64 latent,
    /// batch 2; VAE at 512×512) on a 2-core AMD EPYC VM shared with another job, ONNX Runtime 1.31, each configuration
    /// in a fresh process, interleaved and repeated; docs/ARCHITECTURE.md ("Session options") has the figures. Every
    /// sub-model came out best with the same options, so there is one set:
    /// <list type="bullet">
    /// <item>IntraOpNumThreads = the processor count, unless the load asks for fewer (-ThreadCount): ONNX Runtime's default (0) is documented to size its pool from
    /// the physical cores, which the issue saw come out as 1 on a VM; measured here it did not differ from 2, so the
    /// explicit count only rules the bad case out.</item>
    /// <item>EnableMemoryPattern off: the pattern pre-plans one block for every intermediate of a shape (the UNet's
    /// 2×8×4096×4096 attention scores among them). Without it the UNet's peak working set fell from 6.6 GB to
    /// 3.4 GB, the VAE decoder's from 1.14 GB to 0.68 GB, the encoder's from 0.53 GB to 0.39 GB, and the UNet's
    /// second call (where the pattern is built) from ~4 s to ~3 s; warm calls were unchanged.</item>
    /// <item>The CPU arena stays on: without it the UNet's first call took 21–24 s instead of 4–8 s. It is the
    /// environment's one arena, shared by every session (<see cref="OnnxRuntimeEnvironment.SharesCpuArena"/>), so the
    /// sub-models of a render reuse each other's freed blocks: a 512² render's peak working set 4.6 → 3.95 GB.</item>
    /// <item>Graph optimisation stays ALL: for the UNet EXTENDED was equal and DISABLE ~30 % slower (the issue's
    /// faster run without it was not reproduced); for the VAE both were 5–25 % slower; the text encoder's calls take
    /// milliseconds whatever the level.</item>
    /// <item>Execution mode sequential (InterOpNumThreads only serves the parallel mode, which made the UNet ~50 %
    /// slower: these graphs are chains); intra-op spinning stays on (off was no faster).</item>
    /// </list>
    /// The CUDA path keeps ONNX Runtime's defaults apart from the optimisation level and what the load options set
    /// (<see cref="CudaProviderOptions"/>): it is unmeasured here (no GPU).
    /// </remarks>
    private SessionOptions CreateOptions(bool cuda)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
        };
        if (cuda)
        {
            // Providers are tried in the order appended: TensorRT takes the parts of the graph it supports, CUDA the rest.
            if (UsesTensorRt)
            {
                using var tensorRt = new OrtTensorRTProviderOptions();
                tensorRt.UpdateOptions(new Dictionary<string, string> { ["device_id"] = _deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                options.AppendExecutionProvider_Tensorrt(tensorRt);
            }
            using var cudaProvider = new OrtCUDAProviderOptions();
            cudaProvider.UpdateOptions(CudaProviderOptions.For(_cudaOptions));
            options.AppendExecutionProvider_CUDA(cudaProvider);
            return options;
        }
        // Keep CpuOptionsKey in step with what is set here.
        options.IntraOpNumThreads = IntraOpThreads;
        options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
        options.EnableMemoryPattern = false;
        if (OnnxRuntimeEnvironment.SharesCpuArena) options.AddSessionConfigEntry("session.use_env_allocators", "1");
        return options;
    }
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

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
    public InferenceSession Open(string modelPath)
    {
        if (!UsesCuda)
        {
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
    public InferenceSession Open(string modelPath, byte[] modelBytes, bool hasExternalData)
    {
        using var options = CreateOptions(UsesCuda);
        if (hasExternalData)
            options.AddSessionConfigEntry("session.model_external_initializers_file_folder_path",
                Path.GetDirectoryName(Path.GetFullPath(modelPath))!);
        return new InferenceSession(modelBytes, options);
    }

    private SessionOptions CreateOptions(bool cuda)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
        };
        if (cuda) options.AppendExecutionProvider_CUDA(_deviceId);
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

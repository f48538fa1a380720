using Microsoft.ML.OnnxRuntime;

namespace InvokeAI.Core.Models;

/// <summary>
/// Decides once per model which execution provider its sessions use, and creates them. Auto tries CUDA and
/// falls back to the CPU with a warning that names what is missing; an explicit Cuda request fails instead,
/// because a user who asked for the GPU should not silently get a render twenty times slower.
/// </summary>
internal sealed class SessionFactory
{
    private readonly int _deviceId;
    private readonly Action<string> _warn;

    public bool UsesCuda { get; private set; }
    public string ProviderInUse => UsesCuda ? $"CUDA (device {_deviceId})" : "CPU";

    public SessionFactory(ExecutionProvider requested, int deviceId, Action<string> warn)
    {
        _deviceId = deviceId;
        _warn = warn;
        OnnxRuntimeEnvironment.Get();
        if (requested == ExecutionProvider.Cpu) return;

        string? problem = CudaLibraryProbe.FindProblem();
        if (problem is null) UsesCuda = true;
        else if (requested == ExecutionProvider.Cuda)
            throw new InvalidOperationException($"The CUDA execution provider cannot be used: {problem}.");
        else
            _warn($"CUDA is not available ({problem}); running on the CPU.");
    }

    public InferenceSession Open(string modelPath)
    {
        if (UsesCuda)
        {
            try
            {
                using var cudaOptions = CreateOptions(cuda: true);
                return new InferenceSession(modelPath, cudaOptions);
            }
            catch (OnnxRuntimeException e)
            {
                // The libraries loaded but the device did not (no GPU, driver too old): same fallback as Auto.
                UsesCuda = false;
                _warn($"CUDA device {_deviceId} could not run '{modelPath}' ({e.Message.Trim()}); running on the CPU.");
            }
        }
        using var cpuOptions = CreateOptions(cuda: false);
        return new InferenceSession(modelPath, cpuOptions);
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

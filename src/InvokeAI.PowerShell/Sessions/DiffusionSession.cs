using InvokeAI.Core.Models;

namespace InvokeAI.PowerShell.Sessions;

/// <summary>
/// A loaded model as PowerShell users see it: what Open-DiffusionSession returns, Get-DiffusionSession lists and
/// -Session takes. It owns one <see cref="DiffusionModel"/>, shared by every runspace that renders with it.
/// </summary>
public sealed class DiffusionSession
{
    internal DiffusionSession(int id, string name, DiffusionModel model, ExecutionProvider requestedProvider, int deviceId,
        bool isDemo, TimeSpan loadTime, long loadMemoryBytes, IReadOnlyList<string> loadWarnings)
    {
        LoadWarnings = loadWarnings;
        Id = id;
        Name = name;
        DiffusionModel = model;
        RequestedProvider = requestedProvider;
        DeviceId = deviceId;
        IsDemo = isDemo;
        LoadTime = loadTime;
        LoadMemoryMB = Math.Round(loadMemoryBytes / 1048576.0, 1);
        OpenedAt = DateTime.Now;
    }

    internal DiffusionModel DiffusionModel { get; }

    /// <summary>What loading had to say (CUDA fallback, an unseeded VAE encoder), for the cmdlet that loaded it.</summary>
    public IReadOnlyList<string> LoadWarnings { get; }

    public int Id { get; }
    public string Name { get; }
    /// <summary>The model folder.</summary>
    public string Model => DiffusionModel.Path;
    public bool IsDemo { get; }
    public ExecutionProvider RequestedProvider { get; }
    /// <summary>What ONNX Runtime actually runs on: "CPU" or "CUDA (device n)".</summary>
    public string Provider => DiffusionModel.Provider;
    /// <summary>
    /// Why the session runs on the CPU although CUDA was allowed (-Provider Auto); null when it runs on what was asked
    /// for. Missing CUDA libraries are warned about once per process, so later sessions keep the reason only here.
    /// </summary>
    public string? CpuFallbackReason => DiffusionModel.CpuFallbackReason;
    /// <summary>True when the model runs on CUDA (on <see cref="DeviceId"/>); false on the CPU, whatever was requested.</summary>
    internal bool UsesCuda => DiffusionModel.UsesCuda;
    public int DeviceId { get; }
    /// <summary>
    /// The CUDA provider options the model was loaded with, as ONNX Runtime's keys ("CUDA: device_id=0 gpu_mem_limit=…",
    /// "TensorRT, then CUDA: …"); null on the CPU, where they do not apply.
    /// </summary>
    public string? CudaOptions => DiffusionModel.CudaOptions;
    /// <summary>
    /// ONNX Runtime's intra-op threads in the CPU sessions (-ThreadCount, else the processor count); null on CUDA,
    /// where the GPU does the work.
    /// </summary>
    public int? ThreadCount => DiffusionModel.IntraOpThreads;
    /// <summary>The optimised-model cache folder the sessions were opened through (-OptimizedModelCache); null without one.</summary>
    public string? OptimizedModelCache => DiffusionModel.OptimizedModelCacheDirectory;
    /// <summary>What the cache did per sub-model at load: Created, Used, Replaced or NotWritten an entry.</summary>
    public IReadOnlyList<OptimizedModelCacheUse> OptimizedModelCacheUses => DiffusionModel.OptimizedModelCacheUses;
    /// <summary>Size of the model's files: the weights the sessions hold.</summary>
    public double ModelSizeMB => Math.Round(DiffusionModel.FileBytes / 1048576.0, 1);
    /// <summary>How much the process's memory grew while the model loaded (native allocations included).</summary>
    public double LoadMemoryMB { get; }
    public TimeSpan LoadTime { get; }
    public DateTime OpenedAt { get; }
    public int RendersCompleted => DiffusionModel.RendersCompleted;
    public bool IsOpen => !DiffusionModel.IsClosed;

    public override string ToString() => $"{Name} ({Provider})";
}

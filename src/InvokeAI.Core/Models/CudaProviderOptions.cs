namespace InvokeAI.Core.Models;

/// <summary>
/// The load options as the strings ONNX Runtime's CUDA provider takes (OrtCUDAProviderOptions.UpdateOptions).
/// Kept apart from the session code so the mapping can be checked on a machine without CUDA.
/// </summary>
public static class CudaProviderOptions
{
    /// <summary>device_id always; the other keys only when the options set them, so ONNX Runtime's defaults stay.</summary>
    public static Dictionary<string, string> For(ModelLoadOptions options)
    {
        var values = new Dictionary<string, string> { ["device_id"] = options.DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (options.GpuMemoryLimitMB is int mb)
            values["gpu_mem_limit"] = (mb * 1048576L).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (options.ArenaExtendStrategy is CudaArenaExtendStrategy arena)
            values["arena_extend_strategy"] = arena switch
            {
                CudaArenaExtendStrategy.SameAsRequested => "kSameAsRequested",
                _ => "kNextPowerOfTwo",
            };
        if (options.CudnnConvolutionSearch is CudnnConvolutionSearch search)
            values["cudnn_conv_algo_search"] = search switch
            {
                CudnnConvolutionSearch.Heuristic => "HEURISTIC",
                CudnnConvolutionSearch.Default => "DEFAULT",
                _ => "EXHAUSTIVE",
            };
        return values;
    }

    /// <summary>What a session applied, for its report: "TensorRT, then CUDA: device_id=0 gpu_mem_limit=…".</summary>
    public static string Describe(ModelLoadOptions options, bool tensorRt) =>
        (tensorRt ? "TensorRT, then CUDA: " : "CUDA: ") + string.Join(' ', For(options).Select(kv => $"{kv.Key}={kv.Value}"));

    /// <summary>The PowerShell parameters that set CUDA-only options, for the warning that they were ignored.</summary>
    public static IReadOnlyList<string> ParameterNames(ModelLoadOptions options)
    {
        var names = new List<string>();
        if (options.GpuMemoryLimitMB is not null) names.Add("-GpuMemoryLimitMB");
        if (options.ArenaExtendStrategy is not null) names.Add("-ArenaExtendStrategy");
        if (options.CudnnConvolutionSearch is not null) names.Add("-CudnnConvolutionSearch");
        if (options.TensorRT) names.Add("-TensorRT");
        return names;
    }
}

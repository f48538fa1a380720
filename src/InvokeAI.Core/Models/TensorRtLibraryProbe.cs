using System.Runtime.InteropServices;

namespace InvokeAI.Core.Models;

/// <summary>
/// Finds out whether ONNX Runtime's TensorRT provider can load, and if not, what is missing. The GPU package ships
/// the provider library, but TensorRT itself (libnvinfer) is a separate NVIDIA install, so that is looked for first
/// by name: the message then says "TensorRT is not installed" rather than an opaque loader error.
/// </summary>
internal static class TensorRtLibraryProbe
{
    private static volatile bool _loaded;

    /// <summary>Null when the TensorRT provider loads; otherwise a sentence saying what is missing.</summary>
    public static string? FindProblem()
    {
        if (_loaded) return null;
        string? problem = Probe();
        _loaded = problem is null;
        return problem;
    }

    private static string? Probe()
    {
        string? providerPath = CudaLibraryProbe.FindProviderLibrary(ProviderFileName);
        if (providerPath is null)
            return $"TensorRT's provider library ({ProviderFileName}) is not beside the ONNX Runtime library";
        // ONNX Runtime 1.31's TensorRT provider is built against TensorRT 10.
        if (!NativeLibrary.TryLoad(NvInferFileName, out _))
            return $"TensorRT's {NvInferFileName} is not on the library path (install TensorRT 10 and add its lib folder to {LibraryPathVariable})";
        try
        {
            NativeLibrary.Load(providerPath);
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            return $"{ProviderFileName} could not load: {e.Message.Trim()}";
        }
    }

    private static string ProviderFileName =>
        OperatingSystem.IsWindows() ? "onnxruntime_providers_tensorrt.dll" : "libonnxruntime_providers_tensorrt.so";

    private static string NvInferFileName => OperatingSystem.IsWindows() ? "nvinfer_10.dll" : "libnvinfer.so.10";

    private static string LibraryPathVariable => OperatingSystem.IsWindows() ? "PATH" : "LD_LIBRARY_PATH";
}

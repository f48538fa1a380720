using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace InvokeAI.Core.Models;

/// <summary>
/// Finds out whether ONNX Runtime's CUDA provider (and, when asked for, its TensorRT provider) can load, and if not, which library is missing.
/// ONNX Runtime itself only says "Failed to load shared library"; loading the provider library directly
/// gives the operating system's message, which names the missing dependency (e.g. libcublasLt.so.13).
/// </summary>
/// <remarks>
/// A provider that loaded stays loaded, so that answer is kept. A failure is probed again at the next model load: it
/// costs a failed library load, far less than a model load, and on Windows a PATH fixed in the session can make the
/// libraries loadable. The warning about it is given once per process all the same (SessionFactory).
/// </remarks>
internal static class CudaLibraryProbe
{
    private static bool _loaded, _tensorRtLoaded;

    /// <summary>Null when the CUDA provider loads; otherwise a sentence saying what is missing.</summary>
    public static string? FindProblem() => Remembered(ref _loaded, Probe);

    /// <summary>
    /// Null when ONNX Runtime's TensorRT provider loads; otherwise what is missing. The GPU package ships the provider
    /// library, but TensorRT itself (libnvinfer) is a separate NVIDIA install, looked for by name first so the message
    /// says it is not installed rather than give a loader error.
    /// </summary>
    public static string? FindTensorRtProblem() => Remembered(ref _tensorRtLoaded, ProbeTensorRt);

    /// <summary>A success is kept (a loaded library stays loaded); a failure is probed again next time.</summary>
    private static string? Remembered(ref bool loaded, Func<string?> probe)
    {
        if (Volatile.Read(ref loaded)) return null;
        string? problem = probe();
        Volatile.Write(ref loaded, problem is null);
        return problem;
    }

    private static string? ProbeTensorRt()
    {
        string? providerPath = FindProviderLibrary(TensorRtFileName);
        if (providerPath is null)
            return $"TensorRT's provider library ({TensorRtFileName}) is not beside the ONNX Runtime library";
        // ONNX Runtime 1.31's TensorRT provider is built against TensorRT 10.
        if (!NativeLibrary.TryLoad(NvInferFileName, out _))
            return $"TensorRT's {NvInferFileName} is not on the library path (install TensorRT 10 and add its lib folder to " +
                   $"{(OperatingSystem.IsWindows() ? "PATH" : "LD_LIBRARY_PATH")})";
        try
        {
            NativeLibrary.Load(providerPath);
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            return $"{TensorRtFileName} could not load: {e.Message.Trim()}";
        }
    }

    private static string TensorRtFileName =>
        OperatingSystem.IsWindows() ? "onnxruntime_providers_tensorrt.dll" : "libonnxruntime_providers_tensorrt.so";

    private static string NvInferFileName => OperatingSystem.IsWindows() ? "nvinfer_10.dll" : "libnvinfer.so.10";

    private static string? Probe()
    {
        string? providerPath = FindProviderLibrary(ProviderFileName);
        if (providerPath is null)
            return $"the CUDA provider library ({ProviderFileName}) is not beside the ONNX Runtime library";
        try
        {
            // Kept loaded on success: ONNX Runtime loads the same file next and shares the handle.
            NativeLibrary.Load(providerPath);
            return null;
        }
        catch (DllNotFoundException e)
        {
            return $"{ProviderFileName} could not load: {e.Message.Trim()} (ONNX Runtime 1.31's CUDA provider needs the CUDA 13 and cuDNN 9 libraries on the library path)";
        }
        catch (BadImageFormatException e)
        {
            return $"{ProviderFileName} is not loadable on this machine: {e.Message.Trim()}";
        }
    }

    private static string ProviderFileName =>
        OperatingSystem.IsWindows() ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";

    /// <summary>A provider library of ONNX Runtime's, where the package puts it beside the managed assembly.</summary>
    internal static string? FindProviderLibrary(string fileName)
    {
        string managedDir = Path.GetDirectoryName(typeof(InferenceSession).Assembly.Location) ?? AppContext.BaseDirectory;
        string[] candidates =
        [
            Path.Combine(managedDir, fileName),
            Path.Combine(managedDir, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", fileName),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }
}

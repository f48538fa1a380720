using Microsoft.ML.OnnxRuntime;

namespace InvokeAI.Core.Models;

/// <summary>
/// Creates ONNX Runtime's process-wide environment once, with its own logger silenced to fatal errors:
/// by default it prints to stderr, which a library must not do. Failures reach callers as exceptions and
/// as the warnings this project writes itself.
/// </summary>
internal static class OnnxRuntimeEnvironment
{
    private static readonly Lazy<OrtEnv> Instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static OrtEnv Get() => Instance.Value;

    private static OrtEnv Create()
    {
        var options = new EnvironmentCreationOptions
        {
            logId = "InvokeAI",
            logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
        };
        try
        {
            return OrtEnv.CreateInstanceWithOptions(ref options);
        }
        catch (OnnxRuntimeException)
        {
            // Someone in the process created the environment first; theirs is the one to share.
            return OrtEnv.Instance();
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or BadImageFormatException)
        {
            throw NativeLibraryMissing(e);
        }
    }

    /// <summary>
    /// ONNX Runtime's own library did not load: almost always a module built for another platform (the win-x64
    /// package installed on Linux, say), which carries only that platform's native libraries.
    /// </summary>
    internal static InvalidOperationException NativeLibraryMissing(Exception e)
    {
        var cause = e;
        while (cause.InnerException is not null) cause = cause.InnerException;
        return new InvalidOperationException(
            $"ONNX Runtime's native library cannot be loaded on this {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier} machine " +
            $"({cause.Message.Trim()}). Install the module's package for this platform (linux-x64 or win-x64).", e);
    }
}

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
    }
}

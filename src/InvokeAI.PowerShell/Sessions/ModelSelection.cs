using InvokeAI.Core.Models;

namespace InvokeAI.PowerShell.Sessions;

/// <summary>Which model a call renders with: -Model, else $env:INVOKEAI_MODEL, else the built-in demo model.</summary>
internal static class ModelSelection
{
    public const string EnvironmentVariable = "INVOKEAI_MODEL";

    public static (string Folder, bool IsDemo) Choose(string? modelParameter)
    {
        if (!string.IsNullOrWhiteSpace(modelParameter)) return (modelParameter, false);
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return (fromEnvironment, false);
        return (DemoModelLocation.Resolve(), true);
    }

    /// <summary>
    /// The demo model is tiny, so the CPU is always right for it; a real model tries CUDA first unless told.
    /// </summary>
    public static ExecutionProvider ProviderFor(bool isDemo, ExecutionProvider? requested) =>
        requested ?? (isDemo ? ExecutionProvider.Cpu : ExecutionProvider.Auto);
}

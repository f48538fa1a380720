using InvokeAI.Core.Models;
using InvokeAI.DemoModel;

namespace InvokeAI.PowerShell.Sessions;

/// <summary>Which model a call renders with: -Model, else $env:INVOKEAI_MODEL, else the built-in demo model.</summary>
internal static class ModelSelection
{
    public const string EnvironmentVariable = "INVOKEAI_MODEL";

    /// <param name="modelParameter">-Model as given, or null.</param>
    /// <param name="resolvePath">
    /// The cmdlet's path resolution: the folder named by -Model or the environment is relative to the PowerShell
    /// location (and may use ~ or a PSDrive), not to the process directory.
    /// </param>
    public static (string Folder, bool IsDemo) Choose(string? modelParameter, Func<string, string> resolvePath)
    {
        string? named = !string.IsNullOrWhiteSpace(modelParameter)
            ? modelParameter
            : Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(named)) return (DemoModelLocation.Resolve(), true);
        string folder = resolvePath(named);
        // A rendered image names its model folder, so the demo folder can come back by name (by property name
        // when an image is piped into another render); it is still the demo model.
        return (folder, DemoModelBuilder.IsCurrent(folder));
    }

    /// <summary>
    /// The demo model is tiny, so the CPU is always right for it; a real model tries CUDA first unless told.
    /// </summary>
    public static ExecutionProvider ProviderFor(bool isDemo, ExecutionProvider? requested) =>
        requested ?? (isDemo ? ExecutionProvider.Cpu : ExecutionProvider.Auto);
}

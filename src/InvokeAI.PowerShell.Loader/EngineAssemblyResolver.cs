using System.Reflection;
using System.Runtime.Loader;

namespace InvokeAI.PowerShell.Loader;

/// <summary>
/// Hands the module's own assemblies (InvokeAI.Core, InvokeAI.DemoModel: the engine the cmdlets are compiled
/// against) from <see cref="EngineLoadContext"/> to PowerShell's default context, which cannot find them itself:
/// they are in deps/, out of its probing. Each loads once, in the module's context, and the cmdlets use those very
/// types. Third-party assemblies are never handed over: another module asking the default context for ImageSharp
/// must not get ours.
/// </summary>
/// <remarks>Installed once per process by <see cref="ModuleImport"/>: the default context's Resolving event is process-wide.</remarks>
internal static class EngineAssemblyResolver
{
    /// <summary>The prefix of the module's own assembly names; anything else in deps/ is a third party's.</summary>
    public const string EnginePrefix = "InvokeAI.";

    public static void Install() => AssemblyLoadContext.Default.Resolving += Resolve;

    /// <summary>The module's own assemblies in deps/, loaded (once) into the module's context.</summary>
    public static IEnumerable<Assembly> EngineAssemblies() =>
        Directory.EnumerateFiles(EngineLoadContext.Instance.Folder, EnginePrefix + "*.dll")
            .Select(path => EngineLoadContext.Instance.LoadFromAssemblyName(AssemblyName.GetAssemblyName(path)));

    private static Assembly? Resolve(AssemblyLoadContext defaultContext, AssemblyName name) =>
        IsEngine(name) ? EngineLoadContext.Instance.LoadFromAssemblyName(name) : null;

    private static bool IsEngine(AssemblyName name) =>
        name.Name is { } simpleName
        && simpleName.StartsWith(EnginePrefix, StringComparison.OrdinalIgnoreCase)
        && EngineLoadContext.Instance.PathOf(name) is not null;
}

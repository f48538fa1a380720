using System.Management.Automation;
using System.Reflection;

namespace InvokeAI.PowerShell.Loader;

/// <summary>
/// Keeps the engine's public types reachable by name from scripts: [InvokeAI.Core.Pipelines.RenderSettings],
/// [InvokeAI.DemoModel.DemoModelBuilder], -BeOfType, casts from hashtables. PowerShell resolves type names only in
/// assemblies of its default context (it hides custom contexts on purpose, to avoid two types of one name), and
/// the engine lives in <see cref="EngineLoadContext"/>. Type resolution also consults the type accelerators, so each
/// public engine type gets one named by its full name, pointing at the one loaded type.
/// </summary>
/// <remarks>
/// TypeAccelerators is PowerShell's internal class, reached by reflection as modules commonly do; it is
/// process-wide, so the accelerators are added once, with the first import (see <see cref="ModuleImport"/>). Should a
/// future PowerShell drop the class, the cmdlets still work: only type literals of engine types in scripts stop
/// resolving.
/// </remarks>
internal static class EngineTypeAccelerators
{
    private static readonly Type? Accelerators =
        typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");

    public static void Add()
    {
        MethodInfo? add = Accelerators?.GetMethod("Add", [typeof(string), typeof(Type)]);
        if (add is null) return;
        foreach (Type type in EngineTypes()) add.Invoke(null, [type.FullName, type]);
    }

    /// <summary>
    /// Public, non-generic types of the module's own assemblies (a generic definition has no name a script could
    /// write). Loading them here loads the engine into the module's context, as the cmdlets will.
    /// </summary>
    private static IEnumerable<Type> EngineTypes() =>
        EngineAssemblyResolver.EngineAssemblies()
            .SelectMany(assembly => assembly.GetExportedTypes())
            .Where(type => !type.IsGenericTypeDefinition && type.FullName is not null);
}

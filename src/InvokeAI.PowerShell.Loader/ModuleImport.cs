using System.Management.Automation;

namespace InvokeAI.PowerShell.Loader;

/// <summary>
/// Runs when PowerShell imports the module's nested loader module, which the manifest lists so that it is imported
/// before the cmdlet assembly: PowerShell reads the cmdlet assembly's public types on import, and some of them (their
/// engine enum fields) need InvokeAI.Core to load, so the engine must resolve before that. From here on InvokeAI.Core
/// and the rest load from the module's own context.
/// </summary>
/// <remarks>
/// Installed once per process and kept: the engine's load context is never unloaded (its assemblies stay loaded after
/// Remove-Module, as every assembly PowerShell loads does), so a later import, in any runspace, finds the same engine
/// through the same hook, and counting imports to take the hook away again would only add ways to get it wrong
/// (runspaces that close without Remove-Module, an import that fails half-way).
/// </remarks>
public sealed class ModuleImport : IModuleAssemblyInitializer
{
    private static readonly Lazy<bool> Installed = new(() =>
    {
        EngineAssemblyResolver.Install();
        EngineTypeAccelerators.Add();
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public void OnImport() => _ = Installed.Value;
}

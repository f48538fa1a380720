using System.Management.Automation;

namespace InvokeAI.PowerShell.Loader;

/// <summary>
/// Runs when PowerShell imports the module's nested loader module, which the manifest lists so that it is imported
/// before the cmdlet assembly: PowerShell reads the cmdlet assembly's public types on import, and some of them (their
/// engine enum fields) need InvokeAI.Core to load, so the engine must resolve before that. From here on InvokeAI.Core
/// and the rest load from the module's own context. Undone when the last import in the process is removed; a runspace
/// that closes without Remove-Module keeps its count, which only leaves the hook in place.
/// </summary>
public sealed class ModuleImport : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    // Runspaces import and remove concurrently: the first import's accelerators must not race the last removal's.
    private static readonly object Gate = new();

    public void OnImport()
    {
        lock (Gate)
        {
            if (EngineAssemblyResolver.AddImport()) EngineTypeAccelerators.Add();
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        lock (Gate)
        {
            if (EngineAssemblyResolver.RemoveImport()) EngineTypeAccelerators.Remove();
        }
    }
}

using System.Management.Automation;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell;

/// <summary>
/// Releases the model sessions the module holds when it is removed (Remove-Module), so their native memory
/// goes with the module rather than with the process.
/// </summary>
public sealed class ModuleLifetime : IModuleAssemblyCleanup
{
    public void OnRemove(PSModuleInfo psModuleInfo) => SessionRegistry.CloseAll();
}

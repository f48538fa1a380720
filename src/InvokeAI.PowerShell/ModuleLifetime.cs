using System.Management.Automation;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Pipelines;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell;

/// <summary>
/// What the module sets up in each session that imports it, and releases when it is removed.
/// </summary>
public sealed class ModuleLifetime : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    /// <summary>
    /// Shows the render settings of images and records beside their own properties (<see cref="RenderSettingsAdapter"/>).
    /// Registered here rather than by a types file: a types file's entries clash (an error at import) when the module
    /// is imported in one session from a second path, an installed copy and a build say, where -Force here replaces.
    /// </summary>
    public void OnImport()
    {
        using var powershell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        foreach (var type in new[] { typeof(DiffusionImage), typeof(ImageMetadata) })
        {
            powershell.AddCommand("Microsoft.PowerShell.Utility\\Update-TypeData")
                .AddParameter("TypeName", type.FullName).AddParameter("TypeAdapter", typeof(RenderSettingsAdapter)).AddParameter("Force")
                .AddStatement();
        }
        powershell.Invoke();
    }

    /// <summary>Releases the model sessions the module holds, so their native memory goes with the module rather than with the process.</summary>
    public void OnRemove(PSModuleInfo psModuleInfo) => SessionRegistry.CloseAll();
}

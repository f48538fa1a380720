using System.Management.Automation;
using System.Management.Automation.Runspaces;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell;

/// <summary>
/// Releases the model sessions when the last runspace that imported the module removes it (Remove-Module), so
/// their native memory goes with the module rather than with the process.
/// </summary>
/// <remarks>
/// The sessions are the process's, shared by every runspace (ForEach-Object -Parallel, a host's second runspace),
/// so one runspace's Remove-Module must not close what the others are rendering with. PowerShell calls OnImport
/// and OnRemove on the thread of the runspace that imports or removes the module, so
/// <see cref="Runspace.DefaultRunspace"/> names it. The importers are a set, not a count: PowerShell may call
/// OnImport twice for one import, and a runspace may import again without removing first. A runspace that was
/// closed without removing the module no longer counts, and is held weakly so it can still be collected.
/// </remarks>
public sealed class ModuleLifetime : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly object Gate = new();
    private static readonly List<WeakReference<Runspace>> Importers = new();

    public void OnImport()
    {
        var runspace = Runspace.DefaultRunspace;
        if (runspace is null) return;
        lock (Gate)
        {
            if (!Importers.Any(importer => importer.TryGetTarget(out var known) && ReferenceEquals(known, runspace)))
                Importers.Add(new WeakReference<Runspace>(runspace));
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        var removing = Runspace.DefaultRunspace;
        bool othersRemain;
        lock (Gate)
        {
            Importers.RemoveAll(importer => !importer.TryGetTarget(out var runspace) || ReferenceEquals(runspace, removing) || IsGone(runspace));
            othersRemain = Importers.Count > 0;
        }
        if (!othersRemain) SessionRegistry.CloseAll();
    }

    /// <summary>A closed or broken runspace renders nothing more, whether or not it removed the module first.</summary>
    private static bool IsGone(Runspace runspace) =>
        runspace.RunspaceStateInfo.State is RunspaceState.Closed or RunspaceState.Closing or RunspaceState.Broken;
}

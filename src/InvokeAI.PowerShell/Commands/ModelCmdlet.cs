using System.Management.Automation;
using InvokeAI.Core.Models;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Base for cmdlets that run a model: an explicit -Session, or -Model (a folder; by property name too, so an image
/// piped back in renders with the model that made it), or the default: $env:INVOKEAI_MODEL, else the demo model.
/// Whatever is chosen is opened once and shared.
/// </summary>
/// <remarks>
/// The cmdlets declare -Session and -Model themselves, because their parameter sets differ: a render also chooses
/// between -InitImage and -LiteralPath, so each of the two comes in two sets there.
/// </remarks>
public abstract class ModelCmdlet : CancellableCmdlet
{
    protected const string ModelSet = "Model";
    protected const string SessionSet = "Session";

    /// <summary>An open session to run with, instead of a folder.</summary>
    public abstract DiffusionSession? Session { get; set; }

    /// <summary>The model folder, or null for $env:INVOKEAI_MODEL or the demo model.</summary>
    public abstract string? Model { get; set; }

    /// <summary>The model to run, or null after writing a non-terminating error that names the folder.</summary>
    protected DiffusionModel? ResolveModel() => new ModelSessionOpener(this).Open(Session, Model)?.DiffusionModel;
}

using System.Management.Automation;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Base for cmdlets that run long native work: Ctrl+C (StopProcessing, called on another thread) cancels the
/// token, which stops ONNX Runtime mid-run; the cmdlet then returns and the shared session stays usable.
/// </summary>
public abstract class CancellableCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    protected CancellationToken StopToken => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>A non-terminating error with a stable id; the target names the file or parameter at fault.</summary>
    protected void WriteError(Exception exception, string errorId, ErrorCategory category, object? target) =>
        WriteError(new ErrorRecord(exception, errorId, category, target));

    /// <summary>Cancels the token: work still running on other threads when the command ends stops promptly.</summary>
    protected void CancelRenders() => _stopping.Cancel();

    /// <summary>Runs before the token is disposed: a cmdlet with work on other threads waits for it here.</summary>
    protected virtual void OnDisposing()
    {
    }

    public void Dispose()
    {
        OnDisposing();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}

using System.Management.Automation;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Turns a render's events into PowerShell's streams. The pipeline calls it on the cmdlet's own thread
/// (renders run synchronously in ProcessRecord), which is the only thread allowed to write.
/// </summary>
internal sealed class ProgressObserver : IRenderObserver
{
    private readonly Cmdlet _cmdlet;
    private readonly ProgressRecord _progress;

    public ProgressObserver(Cmdlet cmdlet, int activityId, string activity, string description)
    {
        _cmdlet = cmdlet;
        _progress = new ProgressRecord(activityId, activity, description);
    }

    public void Warning(string message) => _cmdlet.WriteWarning(message);

    public void Verbose(string message) => _cmdlet.WriteVerbose(message);

    public void StepCompleted(RenderStep step)
    {
        double secondsPerStep = step.Elapsed.TotalSeconds / step.Number;
        _progress.StatusDescription = $"Step {step.Number}/{step.Total} ({secondsPerStep:0.00} s/it)";
        _progress.PercentComplete = 100 * step.Number / step.Total;
        _progress.SecondsRemaining = (int)Math.Ceiling(secondsPerStep * (step.Total - step.Number));
        _cmdlet.WriteProgress(_progress);
    }

    public void Complete()
    {
        _progress.RecordType = ProgressRecordType.Completed;
        _cmdlet.WriteProgress(_progress);
    }
}

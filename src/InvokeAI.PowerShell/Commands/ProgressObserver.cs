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
    private readonly int _activityId;
    private readonly int _parentActivityId;
    private readonly string _activity;
    private ProgressRecord? _last;

    public ProgressObserver(Cmdlet cmdlet, int activityId, int parentActivityId, string activity)
    {
        _cmdlet = cmdlet;
        _activityId = activityId;
        _parentActivityId = parentActivityId;
        _activity = activity;
    }

    public void Warning(string message) => _cmdlet.WriteWarning(message);

    public void Verbose(string message) => _cmdlet.WriteVerbose(message);

    public void Started(RenderStep initial) { }

    /// <summary>Progress needs the step counts, not copies of the latents.</summary>
    public bool WantsLatents => false;

    public void StepCompleted(RenderStep step)
    {
        double secondsPerStep = step.Elapsed.TotalSeconds / step.Number;
        // A new record each time: hosts and $ps.Streams.Progress keep the records they are given.
        _last = new ProgressRecord(_activityId, _activity, $"Step {step.Number}/{step.Total} ({StepRate.Describe(step.Elapsed, step.Number)})")
        {
            ParentActivityId = _parentActivityId,
            PercentComplete = 100 * step.Number / step.Total,
            SecondsRemaining = (int)Math.Ceiling(secondsPerStep * (step.Total - step.Number)),
        };
        _cmdlet.WriteProgress(_last);
    }

    public void Complete()
    {
        if (_last is null) return;
        _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, _last.StatusDescription)
        {
            ParentActivityId = _parentActivityId,
            RecordType = ProgressRecordType.Completed,
        });
    }
}

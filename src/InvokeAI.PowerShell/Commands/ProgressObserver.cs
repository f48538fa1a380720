using System.Collections.Concurrent;
using System.Management.Automation;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Turns a render's events into PowerShell's streams. A render on the cmdlet's own thread (the only one allowed to
/// write) writes at once; a render spread onto a worker thread queues its writes in <c>deferred</c>, which the
/// cmdlet's thread empties while it waits for the workers.
/// </summary>
internal sealed class ProgressObserver : IRenderObserver
{
    private readonly Cmdlet _cmdlet;
    private readonly int _activityId;
    private readonly int _parentActivityId;
    private readonly string _activity;
    private readonly ConcurrentQueue<Action>? _deferred;
    private ProgressRecord? _last;

    public ProgressObserver(Cmdlet cmdlet, int activityId, int parentActivityId, string activity, ConcurrentQueue<Action>? deferred = null)
    {
        _cmdlet = cmdlet;
        _activityId = activityId;
        _parentActivityId = parentActivityId;
        _activity = activity;
        _deferred = deferred;
    }

    private void Write(Action write)
    {
        if (_deferred is null) write();
        else _deferred.Enqueue(write);
    }

    public void Warning(string message) => Write(() => _cmdlet.WriteWarning(message));

    public void Verbose(string message) => Write(() => _cmdlet.WriteVerbose(message));

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
        var record = _last;
        Write(() => _cmdlet.WriteProgress(record));
    }

    public void Complete()
    {
        if (_last is null) return;
        var completed = new ProgressRecord(_activityId, _activity, _last.StatusDescription)
        {
            ParentActivityId = _parentActivityId,
            RecordType = ProgressRecordType.Completed,
        };
        Write(() => _cmdlet.WriteProgress(completed));
    }
}

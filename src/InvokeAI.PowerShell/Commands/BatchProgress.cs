using System.Management.Automation;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// The parent progress bar of a render cmdlet: it counts renders (how many will come through the pipeline is
/// unknown, so it has no percentage), and each render's steps show as its child bar.
/// </summary>
internal sealed class BatchProgress(Cmdlet cmdlet, string activity)
{
    private const int BatchActivityId = 1;
    private const int RenderActivityId = 2;
    private int _rendered;
    private int _started;
    private bool _shown;

    /// <summary>Moves the batch bar on to the next render and gives that render's step bar.</summary>
    public ProgressObserver StartRender(string renderDescription)
    {
        MoveOn();
        return StepsOf(renderDescription, 0, null);
    }

    /// <summary>Moves the batch bar on to the next render (on the cmdlet's thread).</summary>
    public void MoveOn()
    {
        cmdlet.WriteProgress(new ProgressRecord(BatchActivityId, activity, $"Image {_started + 1} ({_rendered} rendered)"));
        _started++;
        _shown = true;
    }

    /// <summary>
    /// A render's step bar, written nowhere yet: the worker's own (<paramref name="worker"/> from 0), so renders running
    /// side by side each show theirs; with <paramref name="deferred"/> its writes wait there for the cmdlet's thread.
    /// </summary>
    public ProgressObserver StepsOf(string renderDescription, int worker, System.Collections.Concurrent.ConcurrentQueue<Action>? deferred) =>
        new(cmdlet, RenderActivityId + worker, BatchActivityId, renderDescription, deferred);

    public void RenderFinished() => _rendered++;

    /// <summary>
    /// Closes the batch bar once it was shown, whether or not any render succeeded: a batch whose every render
    /// failed must not leave "Image 1 (0 rendered)" on screen for the rest of the script. Called from EndProcessing,
    /// and from <see cref="Run"/> when an error ends the command before EndProcessing.
    /// </summary>
    public void Complete()
    {
        if (!_shown) return;
        _shown = false;
        cmdlet.WriteProgress(new ProgressRecord(BatchActivityId, activity, $"{_rendered} rendered") { RecordType = ProgressRecordType.Completed });
    }

    /// <summary>
    /// Runs one ProcessRecord, closing the bar when an exception ends the command (-ErrorAction Stop on a failed
    /// render, or Select-Object -First stopping the commands before it), since EndProcessing then never runs.
    /// </summary>
    /// <remarks>
    /// Ctrl+C is left alone: StopProcessing runs on another thread, where a cmdlet may not write, and once the
    /// pipeline is stopping every write throws; the host drops the bars of a stopped pipeline itself.
    /// </remarks>
    public void Run(Action processRecord, CancellationToken stopping)
    {
        try
        {
            processRecord();
        }
        catch when (!stopping.IsCancellationRequested)
        {
            try { Complete(); }
            catch (PipelineStoppedException) { /* The pipeline is going down: nothing more can be written. */ }
            throw;
        }
    }
}

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

    /// <summary>Moves the batch bar on to the next render and gives that render's step bar.</summary>
    public ProgressObserver StartRender(string renderDescription)
    {
        cmdlet.WriteProgress(new ProgressRecord(BatchActivityId, activity, $"Image {_rendered + 1} ({_rendered} rendered)"));
        return new ProgressObserver(cmdlet, RenderActivityId, BatchActivityId, renderDescription);
    }

    public void RenderFinished() => _rendered++;

    /// <summary>Closes the batch bar (in EndProcessing: a stopped pipeline never gets there, and needs no bar closed).</summary>
    public void Complete()
    {
        if (_rendered > 0)
            cmdlet.WriteProgress(new ProgressRecord(BatchActivityId, activity, $"{_rendered} rendered") { RecordType = ProgressRecordType.Completed });
    }
}

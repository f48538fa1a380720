using System.Collections.Concurrent;
using System.Management.Automation;
using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Spreading renders over the open sessions of their model (Invoke-Img2Img -ThrottleLimit): each session runs one
/// render at a time on a worker thread, while this, the cmdlet's own thread, reads the next inputs, writes what the
/// workers queued (progress, warnings, verbose) and writes each finished image, in input order unless -Unordered, or
/// its error. Everything PowerShell sees is still written from the cmdlet's thread.
/// </summary>
public abstract partial class RenderCmdlet
{
    /// <summary>How often the waiting thread writes the workers' progress.</summary>
    private static readonly TimeSpan WorkerPoll = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentQueue<Action> _deferredWrites = new();
    private WorkerPool<DiffusionModel, DiffusionImage>? _workers;

    /// <summary>How many sessions of a model may render at once for this call; 1 renders on the cmdlet's thread.</summary>
    protected virtual int SpreadLimit => 1;

    /// <summary>Write images as they finish rather than in input order.</summary>
    protected virtual bool SpreadUnordered => false;

    private void Spread(DiffusionModel model, Img2ImgRequest request, string description)
    {
        var workers = WorkersFor(model);
        while (!workers.HasFreeWorker)
        {
            WriteWorkersOutput();
            if (!workers.HasFreeWorker && !WaitForWorkers(workers)) return;
        }
        var models = workers.Workers;
        _batch.MoveOn();
        workers.Start(worker =>
        {
            var progress = _batch.StepsOf(description, IndexOf(models, worker), _deferredWrites);
            try
            {
                return Img2ImgPipeline.Render(worker, request, progress, StopToken);
            }
            finally
            {
                progress.Complete();
            }
        }, request);
        WriteWorkersOutput();
    }

    private static int IndexOf(IReadOnlyList<DiffusionModel> models, DiffusionModel model)
    {
        for (int i = 0; i < models.Count; i++) if (ReferenceEquals(models[i], model)) return i;
        return 0;
    }

    /// <summary>
    /// The workers for renders with <paramref name="model"/>: its open sessions, up to the limit, this one first. A
    /// render of another model first lets the current workers finish and write, so output stays in input order.
    /// </summary>
    private WorkerPool<DiffusionModel, DiffusionImage> WorkersFor(DiffusionModel model)
    {
        if (_workers is not null && _workers.Workers.Any(w => ReferenceEquals(w, model))) return _workers;
        FinishSpreadRenders();
        var others = SessionRegistry.SessionsOf(model.Path).Select(s => s.DiffusionModel).Where(m => !ReferenceEquals(m, model));
        var models = new[] { model }.Concat(others).Take(SpreadLimit).ToList();
        if (models.Count == 1)
            WriteWarning($"Only one session of '{model.Path}' is open, so its renders run one at a time: -ThrottleLimit {SpreadLimit} spreads them over " +
                         "open sessions of the model. Open more first, e.g. Open-DiffusionSession -DeviceId 0,1.");
        else
            WriteVerbose($"Spreading renders over {models.Count} sessions of '{model.Path}' ({string.Join(", ", models.Select(m => m.Provider))}), " +
                         $"written {(SpreadUnordered ? "as they finish" : "in input order")}.");
        _workers = new WorkerPool<DiffusionModel, DiffusionImage>(models, ordered: !SpreadUnordered);
        return _workers;
    }

    /// <summary>Writes what the workers queued, then each finished render that may be written now.</summary>
    private void WriteWorkersOutput()
    {
        while (_deferredWrites.TryDequeue(out var write)) write();
        if (_workers is null) return;
        foreach (var finished in _workers.TakeReady())
        {
            var request = (Img2ImgRequest)finished.Tag!;
            if (finished.Error is { } error)
            {
                // Ctrl+C: PowerShell is already stopping the pipeline; nothing to report.
                if (error.SourceException is OperationCanceledException && StopToken.IsCancellationRequested) continue;
                var record = RenderError(error.SourceException, finished.Worker, request);
                if (record is null) error.Throw();
                WriteError(Naming(record!, request.SourcePath ?? $"the {request.InitImage.Width}×{request.InitImage.Height} init image", $" (seed {request.Settings.Seed})"));
                continue;
            }
            _batch.RenderFinished();
            WriteImage(finished.Result!);
        }
    }

    /// <summary>Waits for every spread render, writing each as it may be written (EndProcessing, or before another model's).</summary>
    private void FinishSpreadRenders()
    {
        if (_workers is null) return;
        while (_workers.Outstanding > 0)
        {
            WriteWorkersOutput();
            if (_workers.Outstanding > 0 && !WaitForWorkers(_workers)) return;
        }
        WriteWorkersOutput();
        _workers.Dispose();
        _workers = null;
    }

    /// <summary>Waits a moment for a worker to finish; false once Ctrl+C stops the command (PowerShell stops the pipeline).</summary>
    private bool WaitForWorkers(WorkerPool<DiffusionModel, DiffusionImage> workers)
    {
        try
        {
            workers.WaitForFinish(WorkerPoll, StopToken);
            return true;
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Stops the workers' renders (Ctrl+C, an error that ends the command) and waits for them before the token goes.</summary>
    protected override void OnDisposing()
    {
        if (_workers is null) return;
        CancelRenders();
        _workers.Dispose();
        _workers = null;
    }
}

using System.Runtime.ExceptionServices;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// Runs work on a fixed set of workers (a render cmdlet's: the open sessions of one model, one render in flight on each)
/// and hands the results back on the caller's thread, the only one that may write to PowerShell: in the order the work
/// was started, or as it finishes. The caller starts work only when a worker is free, and meanwhile waits for one to
/// finish; so a batch never holds more than one result per worker waiting to be written.
/// </summary>
public sealed class WorkerPool<TWorker, TResult> : IDisposable where TWorker : notnull
{
    private readonly TWorker[] _workers;
    private readonly bool[] _busy;
    private readonly bool _ordered;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _finishedSignal = new(0);
    private readonly SortedDictionary<long, Finished> _finished = new();
    private readonly List<Task> _running = [];
    private long _nextStarted, _nextHandedOn, _handedOnCount;

    /// <param name="ordered">Hand results on in the order the work was started (true), or as each finishes.</param>
    public WorkerPool(IReadOnlyList<TWorker> workers, bool ordered)
    {
        ArgumentNullException.ThrowIfNull(workers);
        if (workers.Count == 0) throw new ArgumentException("A pool needs at least one worker.", nameof(workers));
        _workers = [.. workers];
        _busy = new bool[_workers.Length];
        _ordered = ordered;
    }

    public IReadOnlyList<TWorker> Workers => _workers;

    /// <summary>One piece of work done: its result or the exception it ended with, the worker that did it, and what the caller tagged it with.</summary>
    public sealed record Finished(long Sequence, TWorker Worker, object? Tag, TResult? Result, ExceptionDispatchInfo? Error);

    public bool HasFreeWorker
    {
        get { lock (_gate) return Array.IndexOf(_busy, false) >= 0; }
    }

    /// <summary>Work started and not yet handed on: running, or finished and waiting for its turn.</summary>
    public int Outstanding
    {
        get { lock (_gate) return (int)(_nextStarted - _handedOnCount); }
    }

    /// <summary>Starts <paramref name="work"/> on a free worker, on the thread pool.</summary>
    /// <exception cref="InvalidOperationException">No worker is free: wait with <see cref="WaitForFinish"/> first.</exception>
    public void Start(Func<TWorker, TResult> work, object? tag = null)
    {
        int index;
        long sequence;
        lock (_gate)
        {
            index = Array.IndexOf(_busy, false);
            if (index < 0) throw new InvalidOperationException("Every worker is busy.");
            _busy[index] = true;
            sequence = _nextStarted++;
        }
        var worker = _workers[index];
        var task = Task.Run(() =>
        {
            TResult? result = default;
            ExceptionDispatchInfo? error = null;
            try
            {
                result = work(worker);
            }
            catch (Exception e)
            {
                error = ExceptionDispatchInfo.Capture(e);
            }
            lock (_gate)
            {
                _busy[index] = false;
                _finished[sequence] = new Finished(sequence, worker, tag, result, error);
            }
            _finishedSignal.Release();
        });
        lock (_gate)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(task);
        }
    }

    /// <summary>The results that may be handed on now, without waiting: in start order when ordered, else all finished.</summary>
    public IReadOnlyList<Finished> TakeReady()
    {
        var ready = new List<Finished>();
        lock (_gate)
        {
            if (_ordered)
            {
                while (_finished.Remove(_nextHandedOn, out var next))
                {
                    ready.Add(next);
                    _nextHandedOn++;
                }
            }
            else
            {
                ready.AddRange(_finished.Values);
                _finished.Clear();
            }
            _handedOnCount += ready.Count;
        }
        return ready;
    }

    /// <summary>Waits until some work finishes, at most <paramref name="timeout"/>; true when one did.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled.</exception>
    public bool WaitForFinish(TimeSpan timeout, CancellationToken cancel) => _finishedSignal.Wait(timeout, cancel);

    /// <summary>Waits for every running piece of work to end (cancel it first to make that quick), then frees the pool.</summary>
    public void Dispose()
    {
        Task[] running;
        lock (_gate) running = [.. _running];
        try
        {
            Task.WaitAll(running);
        }
        catch (AggregateException)
        {
            // Each piece of work keeps its own exception in its result; nothing escapes the tasks themselves.
        }
        _finishedSignal.Dispose();
    }
}

using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>
/// The pool a render cmdlet spreads renders over: one piece of work per worker at a time, results handed back in
/// start order (or as they finish), failures kept with their work, nothing lost.
/// </summary>
public sealed class WorkerPoolTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    /// <summary>Runs items through the pool as a cmdlet does: start when a worker is free, else wait and take what is ready.</summary>
    private static List<WorkerPool<string, int>.Finished> RunAll(WorkerPool<string, int> pool, IEnumerable<Func<string, int>> work)
    {
        var handedOn = new List<WorkerPool<string, int>.Finished>();
        int n = 0;
        foreach (var item in work)
        {
            while (!pool.HasFreeWorker)
            {
                handedOn.AddRange(pool.TakeReady());
                if (!pool.HasFreeWorker) pool.WaitForFinish(Long, CancellationToken.None);
            }
            pool.Start(item, n++);
            handedOn.AddRange(pool.TakeReady());
        }
        while (pool.Outstanding > 0)
        {
            handedOn.AddRange(pool.TakeReady());
            if (pool.Outstanding > 0) pool.WaitForFinish(Long, CancellationToken.None);
        }
        return handedOn;
    }

    [Theory]
    [InlineData(true, new[] { 0, 1 })]
    [InlineData(false, new[] { 1, 0 })]
    public void LaterWorkThatFinishesFirstWaitsForItsTurnOnlyWhenOrdered(bool ordered, int[] handedOn)
    {
        using var gate = new ManualResetEventSlim();
        using var pool = new WorkerPool<string, int>(["a", "b"], ordered);
        pool.Start(_ => { gate.Wait(Long); return 0; });
        pool.Start(_ => 1);
        Assert.True(pool.WaitForFinish(Long, CancellationToken.None));
        var first = pool.TakeReady().Select(f => f.Result).ToList();
        gate.Set();
        Assert.True(pool.WaitForFinish(Long, CancellationToken.None));
        Assert.Equal(handedOn, first.Concat(pool.TakeReady().Select(f => f.Result)));
        Assert.Equal(ordered ? 0 : 1, first.Count);
    }

    [Fact]
    public void ManyPiecesComeBackInStartOrder()
    {
        using var pool = new WorkerPool<string, int>(["a", "b", "c"], ordered: true);
        var handed = RunAll(pool, Enumerable.Range(0, 30).Select(i => (Func<string, int>)(_ => { Thread.Sleep(i % 4 * 5); return i * 10; })));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => i * 10), handed.Select(f => f.Result));
    }

    [Fact]
    public void EachWorkerRunsOnePieceAtATimeAndBothAreUsed()
    {
        using var pool = new WorkerPool<string, int>(["a", "b"], ordered: true);
        var running = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        int overlap = 0;
        var handed = RunAll(pool, Enumerable.Range(0, 8).Select(i => (Func<string, int>)(worker =>
        {
            if (running.AddOrUpdate(worker, 1, (_, c) => c + 1) > 1) Interlocked.Increment(ref overlap);
            Thread.Sleep(20);
            running.AddOrUpdate(worker, 0, (_, c) => c - 1);
            return i;
        })));
        Assert.Equal(0, overlap);
        Assert.Equal(["a", "b"], handed.Select(f => f.Worker).Distinct().Order());
    }

    [Fact]
    public void AFailureStaysWithItsWorkAndTheRestGoesOn()
    {
        using var pool = new WorkerPool<string, int>(["a", "b"], ordered: true);
        var handed = RunAll(pool, Enumerable.Range(0, 5).Select(i => (Func<string, int>)(_ => i == 2 ? throw new InvalidDataException("bad file") : i)));
        Assert.Equal(5, handed.Count);
        Assert.IsType<InvalidDataException>(handed[2].Error!.SourceException);
        Assert.Equal([2], handed.Where(f => f.Error is not null).Select(f => (int)f.Tag!));
        Assert.Equal([0, 1, 3, 4], handed.Where(f => f.Error is null).Select(f => f.Result));
    }

    [Fact]
    public void StartingWithNoFreeWorkerIsRefused()
    {
        using var release = new ManualResetEventSlim();
        using var pool = new WorkerPool<string, int>(["only"], ordered: true);
        pool.Start(_ => { release.Wait(); return 1; });
        Assert.False(pool.HasFreeWorker);
        Assert.Throws<InvalidOperationException>(() => pool.Start(_ => 2));
        release.Set();
        Assert.True(pool.WaitForFinish(Long, CancellationToken.None));
        Assert.Equal([1], pool.TakeReady().Select(f => f.Result));
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void WaitingStopsWhenCancelledAndDisposeWaitsForRunningWork()
    {
        using var cancel = new CancellationTokenSource();
        using var gate = new ManualResetEventSlim();
        var pool = new WorkerPool<string, int>(["only"], ordered: true);
        bool finished = false;
        pool.Start(_ =>
        {
            gate.Wait(Long);
            Thread.Sleep(50);
            finished = true;
            return 0;
        });
        // Ctrl+C while the work runs: the wait ends at once, the work does not.
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => pool.WaitForFinish(Long, cancel.Token));
        Assert.False(finished);
        gate.Set();
        pool.Dispose();
        Assert.True(finished);
    }
}

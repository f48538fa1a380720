using InvokeAI.Core.Models;
using InvokeAI.Core.Tests.Pipelines;

namespace InvokeAI.Core.Tests.Models;

/// <summary>
/// Missing CUDA libraries are the same for every model of a process: the warning is given by the first Auto load
/// that meets them, and every fallback keeps its reason. On a machine whose CUDA libraries load there is no
/// fallback to observe, and the tests check that nothing claims one.
/// </summary>
public sealed class CudaMissingWarningTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    private static readonly ModelLoadOptions Auto = new() { Provider = ExecutionProvider.Auto };

    [Fact]
    public void TheFirstFactoryToMeetMissingLibrariesWarns_AndLaterOnesOnlyKeepTheReason()
    {
        var notice = new OnceNotice();
        var firstWarnings = new List<string>();
        var laterWarnings = new List<string>();
        var first = new SessionFactory(ExecutionProvider.Auto, 0, firstWarnings.Add, notice);
        var second = new SessionFactory(ExecutionProvider.Auto, 0, laterWarnings.Add, notice);
        var third = new SessionFactory(ExecutionProvider.Auto, 0, laterWarnings.Add, notice);

        if (CudaLibraryProbe.FindProblem() is null)
        {
            Assert.All(new[] { first, second, third }, factory => Assert.Null(factory.CpuFallbackReason));
            Assert.Empty(firstWarnings);
            return;
        }
        string reason = Assert.IsType<string>(first.CpuFallbackReason);
        Assert.StartsWith("CUDA is not available (", reason);
        Assert.Equal(reason, Assert.Single(firstWarnings));
        Assert.Empty(laterWarnings);
        Assert.Equal(reason, second.CpuFallbackReason);
        Assert.Equal(reason, third.CpuFallbackReason);
    }

    [Fact]
    public void ALoadAfterTheProcessWasWarnedIsQuiet_ButTheModelSaysWhyItRunsOnTheCpu()
    {
        // Whichever load of this process came first, the warning has been given by the end of this one.
        using var earlier = DiffusionModel.Load(demo.Folder, Auto);
        var warnings = new List<string>();
        using var later = DiffusionModel.Load(demo.Folder, Auto, warnings.Add);

        Assert.Empty(warnings);
        if (CudaLibraryProbe.FindProblem() is null)
        {
            Assert.Null(later.CpuFallbackReason);
            return;
        }
        Assert.Equal("CPU", later.Provider);
        Assert.StartsWith("CUDA is not available (", later.CpuFallbackReason);
        Assert.Equal(earlier.CpuFallbackReason, later.CpuFallbackReason);
    }

    [Fact]
    public void ACpuRequestHasNoFallbackReason()
    {
        using var model = DiffusionModel.Load(demo.Folder, new ModelLoadOptions { Provider = ExecutionProvider.Cpu });
        Assert.Null(model.CpuFallbackReason);
    }

    [Fact]
    public void AMissingLibraryIsProbedAgain_SoAPathFixedInTheSessionIsSeen()
    {
        string? first = CudaLibraryProbe.FindProblem();
        string? again = CudaLibraryProbe.FindProblem();
        Assert.Equal(first, again);
        // Each probe composes its sentence anew: another string object is a probe made again, not an answer kept.
        if (first is not null) Assert.NotSame(first, again);
    }

    [Fact]
    public void ANoticeIsClaimedByOneCallerEvenWhenManyAskAtOnce()
    {
        var notice = new OnceNotice();
        int claims = 0;
        Parallel.For(0, 64, _ =>
        {
            if (notice.Claim()) Interlocked.Increment(ref claims);
        });
        Assert.Equal(1, claims);
        Assert.False(notice.Claim());
    }
}

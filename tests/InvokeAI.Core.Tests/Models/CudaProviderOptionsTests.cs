using InvokeAI.Core.Models;
using InvokeAI.Core.Tests.Pipelines;

namespace InvokeAI.Core.Tests.Models;

/// <summary>
/// The CUDA provider options cannot run here (no GPU, no CUDA libraries), so what is checked is what can be: the
/// strings ONNX Runtime would be given, the TensorRT probe's answer, and the warnings of a session that ends on the CPU.
/// </summary>
public sealed class CudaProviderOptionsTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    [Fact]
    public void WithoutOptionsOnlyTheDeviceIsGiven_SoOnnxRuntimeKeepsItsDefaults()
    {
        var values = CudaProviderOptions.For(new ModelLoadOptions { Provider = ExecutionProvider.Cuda, DeviceId = 3 });
        Assert.Equal(new Dictionary<string, string> { ["device_id"] = "3" }, values);
        Assert.False(new ModelLoadOptions().HasCudaOptions);
    }

    [Fact]
    public void EveryOptionMapsToOnnxRuntimesKeyAndSpelling()
    {
        var options = new ModelLoadOptions
        {
            DeviceId = 1,
            GpuMemoryLimitMB = 1024,
            ArenaExtendStrategy = CudaArenaExtendStrategy.SameAsRequested,
            CudnnConvolutionSearch = CudnnConvolutionSearch.Heuristic,
        };
        Assert.Equal(new Dictionary<string, string>
        {
            ["device_id"] = "1",
            ["gpu_mem_limit"] = "1073741824",
            ["arena_extend_strategy"] = "kSameAsRequested",
            ["cudnn_conv_algo_search"] = "HEURISTIC",
        }, CudaProviderOptions.For(options));
        Assert.True(options.HasCudaOptions);
    }

    [Theory]
    [InlineData(CudaArenaExtendStrategy.NextPowerOfTwo, "kNextPowerOfTwo")]
    [InlineData(CudaArenaExtendStrategy.SameAsRequested, "kSameAsRequested")]
    public void ArenaStrategies(CudaArenaExtendStrategy strategy, string expected) =>
        Assert.Equal(expected, CudaProviderOptions.For(new ModelLoadOptions { ArenaExtendStrategy = strategy })["arena_extend_strategy"]);

    [Theory]
    [InlineData(CudnnConvolutionSearch.Exhaustive, "EXHAUSTIVE")]
    [InlineData(CudnnConvolutionSearch.Heuristic, "HEURISTIC")]
    [InlineData(CudnnConvolutionSearch.Default, "DEFAULT")]
    public void ConvolutionSearches(CudnnConvolutionSearch search, string expected) =>
        Assert.Equal(expected, CudaProviderOptions.For(new ModelLoadOptions { CudnnConvolutionSearch = search })["cudnn_conv_algo_search"]);

    [Fact]
    public void TheLargestMemoryLimitIsCountedInBytesWithoutOverflow() =>
        Assert.Equal("1099511627776", CudaProviderOptions.For(new ModelLoadOptions { GpuMemoryLimitMB = 1048576 })["gpu_mem_limit"]);

    [Fact]
    public void TheDescriptionSaysWhetherTensorRtGoesFirst()
    {
        var options = new ModelLoadOptions { DeviceId = 0, GpuMemoryLimitMB = 2 };
        Assert.Equal("CUDA: device_id=0 gpu_mem_limit=2097152", CudaProviderOptions.Describe(options, tensorRt: false));
        Assert.Equal("TensorRT, then CUDA: device_id=0 gpu_mem_limit=2097152", CudaProviderOptions.Describe(options, tensorRt: true));
    }

    [Fact]
    public void TheTensorRtProbeNamesWhatIsMissing()
    {
        string? problem = CudaLibraryProbe.FindTensorRtProblem();
        if (problem is null) return; // TensorRT 10 is installed here: nothing is missing.
        Assert.Matches("TensorRT's (provider library \\(.*onnxruntime_providers_tensorrt.*\\) is not beside|(lib)?nvinfer.* is not on the library path)|onnxruntime_providers_tensorrt.* could not load", problem);
    }

    [Fact]
    public void ACpuRequestWithCudaOptionsWarnsOnceThatTheyAreIgnored_NamingThem()
    {
        var warnings = new List<string>();
        var factory = new SessionFactory(ExecutionProvider.Cpu, 0, warnings.Add, new OnceNotice(),
            cudaOptions: new ModelLoadOptions { GpuMemoryLimitMB = 512, TensorRT = true });

        Assert.False(factory.UsesCuda);
        Assert.Null(factory.CudaOptionsInUse);
        Assert.Equal("-GpuMemoryLimitMB, -TensorRT are ignored because the session runs on the CPU: -Provider Cpu was asked for.",
            Assert.Single(warnings));
    }

    [Fact]
    public void ACpuRequestWithoutCudaOptionsIsQuiet()
    {
        var warnings = new List<string>();
        _ = new SessionFactory(ExecutionProvider.Cpu, 0, warnings.Add, new OnceNotice(), cudaOptions: new ModelLoadOptions());
        Assert.Empty(warnings);
    }

    [Fact]
    public void AnAutoLoadThatFallsBackWarnsAboutTensorRtAndTheIgnoredOptions_AndTheModelRunsOnTheCpu()
    {
        if (CudaLibraryProbe.FindProblem() is null) return; // CUDA loads here: there is no fallback to observe.
        var warnings = new List<string>();
        using var model = DiffusionModel.Load(demo.Folder, new ModelLoadOptions
        {
            Provider = ExecutionProvider.Auto,
            ArenaExtendStrategy = CudaArenaExtendStrategy.SameAsRequested,
            TensorRT = true,
        }, warnings.Add);

        Assert.Equal("CPU", model.Provider);
        Assert.Null(model.CudaOptions);
        string ignored = Assert.Single(warnings, w => w.Contains("ignored", StringComparison.Ordinal));
        Assert.StartsWith("-ArenaExtendStrategy is ignored because the session runs on the CPU: CUDA is not available", ignored);
        if (CudaLibraryProbe.FindTensorRtProblem() is string missing)
        {
            // TensorRT's own warning said why it is not used, so the ignored list leaves it out.
            Assert.Contains($"TensorRT is not used: {missing}.", warnings);
            Assert.DoesNotContain("-TensorRT", ignored);
        }
    }
}

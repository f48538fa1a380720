using Google.Protobuf;
using InvokeAI.Core.Models;
using InvokeAI.Core.Tests.Pipelines;

namespace InvokeAI.Core.Tests.Models;

/// <summary>A model folder that cannot be used must say which file is wrong and what was expected.</summary>
public sealed class DiffusionModelLoadingTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>, IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), $"invokeai-model-{Guid.NewGuid():N}");

    private string CopyOfDemo()
    {
        foreach (string file in Directory.EnumerateFiles(demo.Folder, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(_scratch, Path.GetRelativePath(demo.Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return _scratch;
    }

    [Fact]
    public void MissingFolderIsNamed()
    {
        var e = Assert.Throws<ModelFolderException>(() => DiffusionModel.Load(_scratch));
        Assert.Equal(_scratch, e.Path);
        Assert.Contains("does not exist", e.Message);
    }

    [Theory]
    [InlineData("model_index.json", "pipeline index")]
    [InlineData("unet/model.onnx", "UNet")]
    [InlineData("text_encoder/model.onnx", "text encoder")]
    [InlineData("vae_encoder/model.onnx", "VAE encoder")]
    [InlineData("vae_decoder/model.onnx", "VAE decoder")]
    [InlineData("tokenizer/merges.txt", "merges")]
    [InlineData("tokenizer/vocab.json", "vocabulary")]
    [InlineData("scheduler/scheduler_config.json", "scheduler_config.json")]
    public void MissingFileIsNamedWithWhatWasExpected(string relative, string expected)
    {
        string folder = CopyOfDemo();
        string missing = Path.Combine(folder, relative);
        File.Delete(missing);
        var e = Assert.Throws<ModelFolderException>(() => DiffusionModel.Load(folder));
        Assert.Equal(missing, e.Path);
        Assert.Contains(missing, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ASubModelWithTheWrongContractIsNamed()
    {
        string folder = CopyOfDemo();
        File.Copy(Path.Combine(folder, "vae_decoder/model.onnx"), Path.Combine(folder, "unet/model.onnx"), overwrite: true);
        var e = Assert.Throws<ModelFolderException>(() => DiffusionModel.Load(folder));
        Assert.Equal(Path.Combine(folder, "unet/model.onnx"), e.Path);
        Assert.Contains("has no input 'sample'", e.Message);
    }

    [Fact]
    public void AFileThatIsNotOnnxIsNamed()
    {
        string folder = CopyOfDemo();
        File.WriteAllText(Path.Combine(folder, "text_encoder/model.onnx"), "not a model");
        var e = Assert.Throws<ModelFolderException>(() => DiffusionModel.Load(folder));
        Assert.Equal(Path.Combine(folder, "text_encoder/model.onnx"), e.Path);
        Assert.Contains("could not load", e.Message);
    }

    [Fact]
    public void ABrokenSchedulerConfigIsNamed()
    {
        string folder = CopyOfDemo();
        File.WriteAllText(Path.Combine(folder, "scheduler/scheduler_config.json"), "{ \"beta_schedule\": \"exotic\" }");
        var e = Assert.Throws<ModelFolderException>(() => DiffusionModel.Load(folder));
        Assert.Equal(Path.Combine(folder, "scheduler/scheduler_config.json"), e.Path);
        Assert.Contains("exotic", e.Message);
    }

    [Theory]
    [InlineData("{ \"prediction_type\": \"flow_matching\" }", "prediction_type 'flow_matching' is not supported (epsilon, v_prediction, sample)")]
    [InlineData("{ \"timestep_spacing\": \"sideways\" }", "timestep_spacing 'sideways' is not supported (linspace, leading, trailing)")]
    [InlineData("{ \"num_train_timesteps\": 1 }", "num_train_timesteps must be at least 2, not 1")]
    [InlineData("{ \"timestep_spacing\": \"leading\", \"steps_offset\": -1 }", "give timestep -1")]
    public void AScheduleNoSamplerCanUseIsRefusedAtLoadNamingTheFile(string json, string problem)
    {
        string folder = CopyOfDemo();
        string configPath = Path.Combine(folder, "scheduler/scheduler_config.json");
        File.WriteAllText(configPath, json);
        var e = Assert.Throws<ModelFolderException>(() => DiffusionModel.Load(folder));
        Assert.Equal(configPath, e.Path);
        Assert.Contains(configPath, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void TheDemosVaeEncoderDrawsNoNoiseOfItsOwn()
    {
        var warnings = new List<string>();
        using var model = DiffusionModel.Load(demo.Folder, warn: warnings.Add);
        Assert.Empty(warnings);
    }

    [Fact]
    public void AVaeEncoderThatSamplesWithARandomNormalLikeNodeHasItReplacedWithoutAWarning()
    {
        string folder = CopyOfDemo();
        WriteModel(Path.Combine(folder, "vae_encoder/model.onnx"), RandomVaeEncoders.SamplingWithRandomNormalLike());

        var warnings = new List<string>();
        using var model = DiffusionModel.Load(folder, warn: warnings.Add);

        Assert.Empty(warnings);
        Assert.Equal(PosteriorOutput.SampledInGraph, model.VaeEncoderPosterior);
    }

    [Fact]
    public void ARandomNodeThatCannotBeReplacedIsWarnedAbout()
    {
        string folder = CopyOfDemo();
        string encoderPath = Path.Combine(folder, "vae_encoder/model.onnx");
        WriteModel(encoderPath, RandomVaeEncoders.SamplingWithTwoRandomNormalLikes());

        var warnings = new List<string>();
        using var model = DiffusionModel.Load(folder, warn: warnings.Add);

        string warning = Assert.Single(warnings);
        Assert.Contains(encoderPath, warning);
        Assert.Contains("unseeded random node", warning);
        Assert.Contains("2 RandomNormalLike nodes", warning);
        Assert.Equal(PosteriorOutput.SampledUnseeded, model.VaeEncoderPosterior);
    }

    [Fact]
    public void RandomNormalLikeAsANameOrInADocStringIsNotTheOperator()
    {
        string folder = CopyOfDemo();
        string encoderPath = Path.Combine(folder, "vae_encoder/model.onnx");
        WriteModel(encoderPath, RandomVaeEncoders.NamingRandomNormalLikeWithoutOne());
        // The word is in the file's bytes, where a search of them would find it.
        Assert.True(File.ReadAllBytes(encoderPath).AsSpan().IndexOf("RandomNormalLike"u8) >= 0);

        var warnings = new List<string>();
        using var model = DiffusionModel.Load(folder, warn: warnings.Add);

        Assert.Empty(warnings);
        Assert.Equal(PosteriorOutput.Deterministic, model.VaeEncoderPosterior);
    }

    [Fact]
    public void TheLatentScaleAndHiddenSizeComeFromTheFolder()
    {
        string folder = CopyOfDemo();
        File.WriteAllText(Path.Combine(folder, "vae_decoder/config.json"), "{ \"scaling_factor\": 0.13025 }");
        using var model = DiffusionModel.Load(folder);
        Assert.Equal(0.13025f, model.LatentScale);
        Assert.Equal(8, model.TextEncoder.Encode(model.Tokenizer.Encode("fire").InputIds, default).HiddenSize);
    }

    [Fact]
    public void AutoFallsBackToTheCpuNamingWhatIsMissing_WhenCudaCannotLoad()
    {
        var warnings = new List<string>();
        using var model = DiffusionModel.Load(demo.Folder, new ModelLoadOptions { Provider = ExecutionProvider.Auto }, warnings.Add);
        string? problem = CudaLibraryProbe.FindProblem();
        if (problem is null)
        {
            // A machine with working CUDA libraries: Auto must use them (or say why the device refused).
            Assert.True(model.Provider.StartsWith("CUDA") || warnings.Any(w => w.Contains("running on the CPU")));
        }
        else
        {
            Assert.Equal("CPU", model.Provider);
            string reason = Assert.IsType<string>(model.CpuFallbackReason);
            Assert.Contains("CUDA is not available", reason);
            Assert.Contains("could not load", reason);
            // The operating system's own words name the library that is missing, e.g. libcublasLt.so.13.
            Assert.Matches(@"lib\w+|\.dll", reason);
            // Warned by this load only if it was the process's first to find CUDA missing (CudaMissingWarningTests).
            Assert.All(warnings, warning => Assert.Equal(reason, warning));
        }
    }

    [Fact]
    public void AnExplicitCudaRequestFailsInsteadOfFallingBack_WhenCudaCannotLoad()
    {
        if (CudaLibraryProbe.FindProblem() is null)
        {
            using var model = DiffusionModel.Load(demo.Folder, new ModelLoadOptions { Provider = ExecutionProvider.Cuda });
            Assert.StartsWith("CUDA", model.Provider);
            return;
        }
        var e = Assert.Throws<InvalidOperationException>(() =>
            DiffusionModel.Load(demo.Folder, new ModelLoadOptions { Provider = ExecutionProvider.Cuda }));
        Assert.Contains("CUDA execution provider cannot be used", e.Message);
    }

    [Fact]
    public void ADisposedModelRefusesToRender()
    {
        var model = DiffusionModel.Load(demo.Folder);
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => InvokeAI.Core.Pipelines.Img2ImgPipeline.Render(model,
            new InvokeAI.Core.Pipelines.Img2ImgRequest { Settings = new() { Prompt = "fire" }, InitImage = new InvokeAI.Core.Imaging.RgbaImage(64, 64) }));
    }

    private static void WriteModel(string path, IMessage model)
    {
        using var file = File.Create(path);
        model.WriteTo(file);
    }

    public void Dispose()
    {
        try { Directory.Delete(_scratch, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}

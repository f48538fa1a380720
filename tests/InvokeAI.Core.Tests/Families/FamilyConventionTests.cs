using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Tests.Families;

/// <summary>What each fixture folder is taken for, and the conventions its family renders by.</summary>
public sealed class FamilyConventionTests(FixtureModels models) : IClassFixture<FixtureModels>
{
    [Theory]
    [InlineData("tiny-sd", "SD 1.x")]
    [InlineData("tiny-sd-lp", "SD 1.x")]
    [InlineData("tiny-sd-fp16", "SD 1.x")]
    [InlineData("tiny-sd2-v", "SD 2.x")]
    [InlineData("tiny-sdxl", "SDXL")]
    [InlineData("tiny-sdxl-turbo", "SDXL-Turbo")]
    [InlineData("tiny-lcm", "LCM")]
    public void TheFamilyComesFromTheGraphsAndTheScheduler(string folder, string family) =>
        Assert.Equal(family, models[folder].Family.Name);

    [Fact]
    public void TheFamilyIsNotTheFolderName()
    {
        // The SDXL-Turbo files under a name that says nothing: still Turbo, by its trailing-spaced scheduler.
        string copy = CopyOfFixture("tiny-sdxl-turbo");
        try
        {
            using var model = DiffusionModel.Load(copy, new ModelLoadOptions { Provider = ExecutionProvider.Cpu });
            Assert.Equal("SDXL-Turbo", model.Family.Name);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>Trailing spacing alone does not make Turbo: zero-terminal-SNR fine-tunes and non-Euler schedulers use it too.</summary>
    [Theory]
    [InlineData("\"rescale_betas_zero_snr\": true,")]
    [InlineData("\"_class_name\": \"DDIMScheduler\",")]
    public void TrailingSpacingOfAnotherKindIsNotTurbo(string change)
    {
        string copy = CopyOfFixture("tiny-sdxl-turbo");
        try
        {
            string config = Path.Combine(copy, "scheduler", "scheduler_config.json");
            string text = File.ReadAllText(config).Replace("\"_class_name\": \"EulerAncestralDiscreteScheduler\",", "");
            File.WriteAllText(config, text.Replace("{", "{ " + change, StringComparison.Ordinal));
            using var model = DiffusionModel.Load(copy, new ModelLoadOptions { Provider = ExecutionProvider.Cpu });
            Assert.Equal("SDXL", model.Family.Name);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void DistilledFamiliesBringTheirOwnSettings()
    {
        Assert.Equal(new RenderSettings { Sampler = "k_euler_a", Steps = 4, Strength = 0.5, CfgScale = 0 }, models["tiny-sdxl-turbo"].Family.RenderDefaults);
        Assert.Equal("lcm", models["tiny-lcm"].Family.RenderDefaults.Sampler);
        Assert.Equal(RenderSettings.None, models["tiny-sdxl"].Family.RenderDefaults);
    }

    [Theory]
    [InlineData("tiny-sdxl", 7.5, true)]
    [InlineData("tiny-sdxl", 1.0, false)]
    [InlineData("tiny-sdxl-turbo", 0.0, false)]
    [InlineData("tiny-lcm", 8.0, false)]
    public void OnlyCfgAboveOneOutsideLcmRunsTheGuidanceBatch(string folder, double cfg, bool batch) =>
        Assert.Equal(batch, models[folder].Family.UsesGuidanceBatch(cfg));

    public static TheoryData<string> EverySampler => new(SamplerCatalog.All.Select(sampler => sampler.Name));

    /// <summary>
    /// v-prediction through every sampler on SD 2.x's real layout (k_lms and ddim match torch in the reference tests):
    /// each takes its steps and renders the same image twice.
    /// </summary>
    [Theory]
    [MemberData(nameof(EverySampler))]
    public void EverySamplerRendersSd2VPrediction(string sampler)
    {
        var reference = ReferenceCase.Load("tiny-sd2-v", "tiny-sd2-v", "lms-s06");
        var request = new Img2ImgRequest { Settings = reference.Settings with { Sampler = sampler, Steps = 8, Strength = 0.5 }, InitImage = reference.InitImage };
        var first = Img2ImgPipeline.Render(models["tiny-sd2-v"], request);
        Assert.Equal(first.Pixels.Pixels, Img2ImgPipeline.Render(models["tiny-sd2-v"], request).Pixels.Pixels);
        Assert.True(first.StepsTaken >= 4);
        Assert.Contains(first.Pixels.Pixels.Where((_, i) => i % 4 != 3), value => value is > 0 and < 255);
    }

    /// <summary>The folder's prediction_type is what every sampler follows: read as ε, the same v output renders another image.</summary>
    [Fact]
    public void EverySamplerReadsTheUnetsOutputAsTheFolderSays()
    {
        string copy = CopyOfFixture("tiny-sd2-v");
        try
        {
            string config = Path.Combine(copy, "scheduler", "scheduler_config.json");
            File.WriteAllText(config, File.ReadAllText(config).Replace("v_prediction", "epsilon", StringComparison.Ordinal));
            using var asEpsilon = DiffusionModel.Load(copy, new ModelLoadOptions { Provider = ExecutionProvider.Cpu });
            var reference = ReferenceCase.Load("tiny-sd2-v", "tiny-sd2-v", "lms-s06");
            foreach (var sampler in SamplerCatalog.All)
            {
                var request = new Img2ImgRequest { Settings = reference.Settings with { Sampler = sampler.Name, Steps = 8, Strength = 0.5 }, InitImage = reference.InitImage };
                var asV = Img2ImgPipeline.Render(models["tiny-sd2-v"], request).Pixels;
                Assert.True(ReferenceCase.LargestDifference(asV, Img2ImgPipeline.Render(asEpsilon, request).Pixels) > 2, sampler.Name);
            }
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Theory]
    [InlineData(-3, 0, 0, 0, "OriginalSize")]
    [InlineData(70_000, 1024, 0, 0, "OriginalSize")]
    [InlineData(1024, 1024, 9000, 0, "CropTopLeft")]
    public void SdxlSizeConditioningHasARange(int width, int height, int top, int left, string setting)
    {
        var settings = RenderSettings.Defaults with { OriginalSize = new PixelSize(width, height), CropTopLeft = new PixelOffset(top, left) };
        Assert.Equal(setting, RenderRules.Find(settings)?.Setting);
        Assert.Null(RenderRules.Find(RenderSettings.Defaults with { OriginalSize = new PixelSize(4096, 512), CropTopLeft = new PixelOffset(0, 64) }));
    }

    [Fact]
    public void Fp16HiddenStatesAreConvertedOnceWhenTheRenderStarts()
    {
        var model = models["tiny-sd-fp16"];
        var prompt = model.TextEncoder.Encode(model.Tokenizer.Encode("a red house").InputIds, default);
        var conditioning = model.Unet.Condition(1, prompt.HiddenStates, prompt.Tokens, prompt.HiddenSize, new Dictionary<string, float[]>());
        var hidden = Assert.Single(conditioning.Inputs);
        // Already the UNet's own element type: every step wraps these values, none converts them again.
        Assert.IsType<Float16[]>(hidden.Data);
        Assert.Equal(prompt.HiddenStates.Select(v => (float)(Float16)v), ((Float16[])hidden.Data).Select(v => (float)v));
    }

    [Fact]
    public void SdxlIsConditionedOnBothEncodersAndTheSizes()
    {
        var model = models["tiny-sdxl"];
        var settings = RenderSettings.Defaults with { Prompt = "a barn", CfgScale = 5, OriginalSize = new PixelSize(512, 384), CropTopLeft = new PixelOffset(16, 8) };
        var guidance = PromptGuidance.Encode(model, settings, 128, 96, NullRenderObserver.Instance, default);
        var inputs = GuidanceInputs(guidance);
        // [negative, prompt]: 77 tokens of 8 + 16 hidden values, encoder 1 first.
        Assert.Equal(new long[] { 2, 77, 24 }, inputs["encoder_hidden_states"].Shape);
        Assert.Equal(new long[] { 2, 16 }, inputs["text_embeds"].Shape);
        // time_ids: original (h, w), crop (top, left), target (h, w), once per batch row.
        Assert.Equal(new float[] { 384, 512, 16, 8, 96, 128, 384, 512, 16, 8, 96, 128 }, (float[])inputs["time_ids"].Data);
        // force_zeros_for_empty_prompt: the empty negative prompt is zeros, not an encoded "".
        Assert.All(((float[])inputs["encoder_hidden_states"].Data).Take(77 * 24), v => Assert.Equal(0f, v));
        Assert.All(((float[])inputs["text_embeds"].Data).Take(16), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void AnFp16VaeDecoderThatOverflowsSaysWhatCuresIt()
    {
        var model = models["tiny-sd-fp16"];
        // Beyond float16's largest value (65504) once unscaled: the decoder's input is infinite.
        var latent = Enumerable.Repeat(1e5f, 4 * 4 * 4).ToArray();
        var e = Assert.Throws<ModelRunException>(() => model.VaeDecoder.Decode(latent, 4, 4, default));
        Assert.Contains("use an fp32 VAE decoder", e.Message);
        Assert.DoesNotContain("sdxl-vae-fp16-fix", e.Message);
        Assert.Equal(model.Folder.VaeDecoderPath, e.Path);
    }

    [Fact]
    public void AnSdxlFp16VaeIsToldAboutTheFp16FixVae()
    {
        Assert.Contains("sdxl-vae-fp16-fix", VaeDecoder.OverflowCure(TensorElementType.Float16, sdxl: true));
        Assert.Null(VaeDecoder.OverflowCure(TensorElementType.Float, sdxl: true));
    }

    [Fact]
    public void AnSdxlFolderWithoutVaeConfigsTakesSdxlsScale()
    {
        string copy = CopyOfFixture("tiny-sdxl");
        try
        {
            File.Delete(Path.Combine(copy, "vae_decoder", "config.json"));
            File.Delete(Path.Combine(copy, "vae_encoder", "config.json"));
            using var model = DiffusionModel.Load(copy, new ModelLoadOptions { Provider = ExecutionProvider.Cpu });
            Assert.Equal(0.13025f, model.LatentScale);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void AnSdxlFolderWithoutItsSecondTokenizerIsRefusedNamingIt()
    {
        string copy = CopyOfFixture("tiny-sdxl");
        try
        {
            Directory.Delete(Path.Combine(copy, "tokenizer_2"), recursive: true);
            var e = Assert.Throws<ModelFolderException>(() => DiffusionModel.Load(copy, new ModelLoadOptions { Provider = ExecutionProvider.Cpu }));
            Assert.Contains("tokenizer_2", e.Path);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void AFixedBatchUnetGetsEachRowOfTheConditioning()
    {
        var conditioning = new UnetConditioning(2, [new UnetInput("time_ids", new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, [2, 6])]);
        var second = Assert.Single(conditioning.Row(1).Inputs);
        Assert.Equal(new float[] { 7, 8, 9, 10, 11, 12 }, (float[])second.Data);
        Assert.Equal(new long[] { 1, 6 }, second.Shape);
        Assert.Same(conditioning.Row(1), conditioning.Row(1));
    }

    private static Dictionary<string, UnetInput> GuidanceInputs(PromptGuidance guidance)
    {
        var field = typeof(PromptGuidance).GetField("_conditioning", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        return ((UnetConditioning)field.GetValue(guidance)!).Inputs.ToDictionary(input => input.Name);
    }

    /// <summary>A copy of a fixture folder under a name that says nothing about it, to change and load.</summary>
    private static string CopyOfFixture(string name)
    {
        string copy = Path.Combine(Path.GetTempPath(), $"some-model-{Guid.NewGuid():N}");
        CopyFolder(ReferenceCase.ModelFolder(name), copy);
        return copy;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

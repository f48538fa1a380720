using System.Text.Json;
using InvokeAI.DemoModel;
using Onnx;

namespace InvokeAI.Core.Tests.DemoModel;

/// <summary>The built folder has a real SD 1.x ONNX export's files, names and settings.</summary>
public sealed class DemoModelFolderTests(DemoModelFolderFixture demo) : IClassFixture<DemoModelFolderFixture>
{
    public static TheoryData<string> LayoutFiles() =>
    [
        "model_index.json", "scheduler/scheduler_config.json",
        "tokenizer/vocab.json", "tokenizer/merges.txt", "tokenizer/special_tokens_map.json", "tokenizer/tokenizer_config.json",
        "text_encoder/model.onnx", "unet/model.onnx",
        "vae_encoder/model.onnx", "vae_encoder/config.json", "vae_decoder/model.onnx", "vae_decoder/config.json",
    ];

    [Theory]
    [MemberData(nameof(LayoutFiles))]
    public void EveryFileOfTheLayoutIsWritten(string relative) =>
        Assert.True(File.Exists(demo.PathOf(relative)), $"{relative} is missing");

    [Fact]
    public void ModelIndexNamesTheImg2ImgPipelineItsComponentsAndTheDemoVersion()
    {
        using var index = ReadJson("model_index.json");
        var root = index.RootElement;
        Assert.Equal("OnnxStableDiffusionImg2ImgPipeline", root.GetProperty("_class_name").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("_diffusers_version").GetString()));
        Assert.Equal(DemoModelBuilder.Version, root.GetProperty("demo").GetProperty("version").GetString());
        foreach (string part in new[] { "text_encoder", "unet", "vae_encoder", "vae_decoder" })
            Assert.Equal(new[] { "diffusers", "OnnxRuntimeModel" }, Strings(root.GetProperty(part)));
        Assert.Equal(new[] { "transformers", "CLIPTokenizer" }, Strings(root.GetProperty("tokenizer")));
        Assert.Equal(new[] { "diffusers", "PNDMScheduler" }, Strings(root.GetProperty("scheduler")));
    }

    [Fact]
    public void SchedulerConfigHasRunwaymlsValuesAndLeavesSpacingAndPredictionToTheDefaults()
    {
        using var config = ReadJson("scheduler/scheduler_config.json");
        var root = config.RootElement;
        Assert.Equal("PNDMScheduler", root.GetProperty("_class_name").GetString());
        Assert.Equal(0.00085, root.GetProperty("beta_start").GetDouble());
        Assert.Equal(0.012, root.GetProperty("beta_end").GetDouble());
        Assert.Equal("scaled_linear", root.GetProperty("beta_schedule").GetString());
        Assert.Equal(1000, root.GetProperty("num_train_timesteps").GetInt32());
        Assert.False(root.GetProperty("set_alpha_to_one").GetBoolean());
        Assert.Equal(1, root.GetProperty("steps_offset").GetInt32());
        Assert.True(root.GetProperty("skip_prk_steps").GetBoolean());
        Assert.False(root.GetProperty("clip_sample").GetBoolean());
        Assert.False(root.TryGetProperty("timestep_spacing", out _));
        Assert.False(root.TryGetProperty("prediction_type", out _));
    }

    [Theory]
    [InlineData("vae_encoder/config.json")]
    [InlineData("vae_decoder/config.json")]
    public void VaeConfigsCarryTheSd1ScalingFactor(string relative)
    {
        using var config = ReadJson(relative);
        Assert.Equal(0.18215, config.RootElement.GetProperty("scaling_factor").GetDouble());
    }

    [Fact]
    public void TokenizerFilesAreTheClipTablesWithSd1Settings()
    {
        using var vocabulary = ReadJson("tokenizer/vocab.json");
        Assert.Equal(49408, vocabulary.RootElement.EnumerateObject().Count());
        Assert.Equal(49407, vocabulary.RootElement.GetProperty("<|endoftext|>").GetInt32());
        Assert.Equal("#version: 0.2", File.ReadLines(demo.PathOf("tokenizer/merges.txt")).First());

        using var special = ReadJson("tokenizer/special_tokens_map.json");
        Assert.Equal("<|endoftext|>", special.RootElement.GetProperty("pad_token").GetString());
        Assert.Equal("<|startoftext|>", special.RootElement.GetProperty("bos_token").GetProperty("content").GetString());
        using var config = ReadJson("tokenizer/tokenizer_config.json");
        Assert.Equal("<|endoftext|>", config.RootElement.GetProperty("pad_token").GetString());
        Assert.Equal(77, config.RootElement.GetProperty("model_max_length").GetInt32());
    }

    [Theory]
    [InlineData("text_encoder/model.onnx")]
    [InlineData("unet/model.onnx")]
    [InlineData("vae_encoder/model.onnx")]
    [InlineData("vae_decoder/model.onnx")]
    public void GraphsAreOpset17AtIrVersion8(string relative)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(demo.PathOf(relative)));
        Assert.Equal(8, model.IrVersion);
        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal("", opset.Domain);
        Assert.Equal(17, opset.Version);
    }

    [Fact]
    public void TheFolderIsUnderTenMegabytes()
    {
        long bytes = new DirectoryInfo(demo.Folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        Assert.True(bytes < 10_000_000, $"the demo folder holds {bytes:N0} bytes");
    }

    [Fact]
    public void TheBuiltFolderIsCurrent() => Assert.True(DemoModelBuilder.IsCurrent(demo.Folder));

    private JsonDocument ReadJson(string relative) => JsonDocument.Parse(File.ReadAllText(demo.PathOf(relative)));

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString() ?? "null").ToArray();
}

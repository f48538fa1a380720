using InvokeAI.Core.Metadata;
using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Tests.Metadata;

public sealed class ComfyUIPromptTests
{
    // A small graph in ComfyUI's API form: a checkpoint through a LoRA, two prompts, an empty latent, one sampler.
    private const string Graph = """
        {
          "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "v1-5-pruned-emaonly.safetensors"}},
          "10": {"class_type": "LoraLoader", "inputs": {"model": ["4", 0], "clip": ["4", 1], "lora_name": "ink.safetensors"}},
          "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 640, "batch_size": 1}},
          "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a fox in the snow", "clip": ["10", 1]}},
          "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "blurry", "clip": ["10", 1]}},
          "3": {"class_type": "KSampler", "inputs": {"seed": 156680208700286, "steps": 25, "cfg": 6.5,
                "sampler_name": "euler_ancestral", "scheduler": "karras", "denoise": 0.8,
                "model": ["10", 0], "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
          "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
          "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}}
        }
        """;

    [Fact]
    public void ReadsTheSamplerAndTheNodesItLinksTo()
    {
        var metadata = ComfyUIPrompt.Parse(Graph);
        Assert.NotNull(metadata);
        Assert.Equal(MetadataFormats.ComfyUI, metadata.Format);
        Assert.Equal("a fox in the snow", metadata.Settings.Prompt);
        Assert.Equal("blurry", metadata.Settings.NegativePrompt);
        Assert.Equal(156680208700286UL, metadata.Settings.Seed);
        Assert.Equal(25, metadata.Settings.Steps);
        Assert.Equal(6.5, metadata.Settings.CfgScale);
        Assert.Equal(0.8, metadata.Settings.Strength);
        Assert.Equal("k_euler_a", metadata.Settings.Sampler);
        Assert.True(metadata.Settings.Karras);
        Assert.Equal((512, 640), (metadata.Settings.Width, metadata.Settings.Height));
        Assert.Equal("v1-5-pruned-emaonly.safetensors", metadata.ModelName);
        Assert.Equal(NoiseSource.Cpu, metadata.Settings.NoiseSource);
    }

    [Theory]
    [InlineData("euler", "normal", "k_euler", false)]
    [InlineData("dpmpp_2m", "karras", "k_dpmpp_2m", true)]
    [InlineData("lms", "normal", "k_lms", false)]
    [InlineData("ddim", "ddim_uniform", "ddim", false)]
    [InlineData("dpm_2_ancestral", "normal", "k_dpm_2_a", false)]
    [InlineData("lcm", "sgm_uniform", "lcm", false)]
    [InlineData("uni_pc", "sgm_uniform", "uni_pc", false)]
    public void MapsSamplerAndSchedulerNamesToOurs(string samplerName, string scheduler, string sampler, bool karras)
    {
        string graph = "{\"1\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": 1, " +
                       $"\"sampler_name\": \"{samplerName}\", \"scheduler\": \"{scheduler}\"}}}}}}";
        var metadata = ComfyUIPrompt.Parse(graph);
        Assert.Equal((sampler, karras), (metadata!.Settings.Sampler, metadata.Settings.Karras!.Value));
    }

    [Fact]
    public void FollowsValuesConvertedToInputsAndLeavesAnEncodedImagesSizeEmpty()
    {
        const string graph = """
            {
              "2": {"class_type": "PrimitiveNode", "inputs": {"value": 4242}},
              "3": {"class_type": "KSamplerAdvanced", "inputs": {"noise_seed": ["2", 0], "steps": 12, "cfg": 8,
                    "sampler_name": "heun", "scheduler": "normal", "positive": ["6", 0], "latent_image": ["12", 0]}},
              "6": {"class_type": "CLIPTextEncode", "inputs": {"text": ["7", 0]}},
              "7": {"class_type": "String", "inputs": {"string": "linked text"}},
              "12": {"class_type": "VAEEncode", "inputs": {"pixels": ["13", 0]}}
            }
            """;
        var metadata = ComfyUIPrompt.Parse(graph);
        Assert.NotNull(metadata);
        Assert.Equal(4242UL, metadata.Settings.Seed);
        Assert.Equal("linked text", metadata.Settings.Prompt);
        Assert.Null(metadata.Settings.NegativePrompt);
        Assert.Null(metadata.Settings.Width);
        Assert.Null(metadata.Settings.Strength);
        Assert.Equal("k_heun", metadata.Settings.Sampler);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"1": {"class_type": "SaveImage", "inputs": {}}}""")]
    public void AGraphWithoutASamplerGivesNothing(string text) => Assert.Null(ComfyUIPrompt.Parse(text));
}

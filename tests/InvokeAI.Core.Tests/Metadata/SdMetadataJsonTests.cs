using System.Text.Json;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Tests.Metadata;

public sealed class SdMetadataJsonTests
{
    [Fact]
    public void WritesInvokeAIsShape()
    {
        using var document = JsonDocument.Parse(SdMetadataJson.Write(SampleRecords.Render()));
        var root = document.RootElement;
        Assert.Equal(["model", "model_id", "app_id", "app_version", "image"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("stable-diffusion-v1-5-onnx", root.GetProperty("model_id").GetString());
        Assert.Equal("InvokeAI.PowerShell", root.GetProperty("app_id").GetString());

        var image = root.GetProperty("image");
        Assert.Equal("img2img", image.GetProperty("type").GetString());
        var prompt = Assert.Single(image.GetProperty("prompt").EnumerateArray());
        Assert.Equal("fire on a hill [smoke]", prompt.GetProperty("prompt").GetString());
        Assert.Equal(1.0, prompt.GetProperty("weight").GetDouble());
        Assert.Equal(1592514025u, image.GetProperty("seed").GetUInt32());
        Assert.Equal([(42u, 0.1), (7u, 0.25)],
            image.GetProperty("variations").EnumerateArray().Select(v => (v.GetProperty("seed").GetUInt32(), v.GetProperty("weight").GetDouble())));
        Assert.Equal(50, image.GetProperty("steps").GetInt32());
        Assert.Equal(7.5, image.GetProperty("cfg_scale").GetDouble());
        Assert.Equal(64, image.GetProperty("width").GetInt32());
        Assert.Equal(128, image.GetProperty("height").GetInt32());
        Assert.Equal("k_dpmpp_2m", image.GetProperty("sampler").GetString());
        Assert.Equal(0.75, image.GetProperty("strength").GetDouble());
        Assert.Equal("/sketches/fire place.png", image.GetProperty("init_image_path").GetString());
        Assert.Equal(new string('a', 64), image.GetProperty("orig_hash").GetString());
    }

    [Fact]
    public void ReadsBackWhatItWrote()
    {
        var back = SdMetadataJson.Parse(SdMetadataJson.Write(SampleRecords.Render()));
        Assert.NotNull(back);
        Assert.Equal(MetadataFormats.InvokeAI, back.Format);
        Assert.Equal(("fire on a hill", "smoke"), (back.Settings.Prompt, back.Settings.NegativePrompt));
        Assert.Equal(1592514025UL, back.Settings.Seed);
        Assert.Equal([new SeedWeight(42, 0.1), new SeedWeight(7, 0.25)], back.Settings.Variations);
        Assert.Equal((50, 7.5, 0.75), (back.Settings.Steps!.Value, back.Settings.CfgScale!.Value, back.Settings.Strength!.Value));
        Assert.Equal(("k_dpmpp_2m", 64, 128), (back.Settings.Sampler, back.Settings.Width!.Value, back.Settings.Height!.Value));
        Assert.Equal("stable-diffusion-v1-5-onnx", back.ModelName);
        Assert.Equal(new string('a', 64), back.InitImageHash);
    }

    [Fact]
    public void ReadsAPlainStringPromptAndWeightedSubPrompts()
    {
        var plain = SdMetadataJson.Parse("""{"model_weights":"sd-1.4","image":{"prompt":"a cat [dog]","seed":5,"sampler":"k_dpmpp_2","variations":[[9,0.5]]}}""");
        Assert.NotNull(plain);
        Assert.Equal(("a cat", "dog", "k_dpmpp_2m", "sd-1.4"), (plain.Settings.Prompt, plain.Settings.NegativePrompt, plain.Settings.Sampler, plain.ModelName));
        Assert.Equal([new SeedWeight(9, 0.5)], plain.Settings.Variations);

        var blend = SdMetadataJson.Parse("""{"image":{"prompt":[{"prompt":"a cat","weight":0.5},{"prompt":"a dog","weight":0.5}]}}""");
        Assert.Equal("a cat:0.5 a dog:0.5", blend!.Settings.Prompt);
        Assert.Null(blend.Settings.Seed);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"model\":\"stable diffusion\"}")]
    public void TextWithoutAnImageObjectIsNotSdMetadata(string text) => Assert.Null(SdMetadataJson.Parse(text));
}

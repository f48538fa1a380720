using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Metadata;

/// <summary>
/// What InvokeAI's versions wrote, read as one record: 1.x–2.x's Dream line and sd-metadata together (the Dream line
/// wins where they disagree, with a warning), a grid's "images" list, and InvokeAI 3+'s invokeai_metadata.
/// </summary>
public sealed class InvokeAIArchiveRecordTests
{
    private static ImageMetadata Read(params (string Keyword, string Text)[] chunks) =>
        ImageMetadataReader.Read(new ImageFileText(chunks.ToDictionary(c => c.Keyword, c => c.Text), null))!;

    // docs/assets/img2img/000045.1592514025.png at InvokeAI v2.2.5: lstein's v1.15 wrote "ddim" for a k_lms render.
    private const string Dream45 = "\"fire\" -s 29 -S 1592514025 -W 384 -H 384 -C 7.5 -I /tmp/fire-drawing.png -A k_lms -f 0.7";
    private const string SdMetadata45 =
        """{"model": "stable diffusion", "model_id": "stable-diffusion-1.4", "model_hash": "fe4e", "app_id": "lstein/stable-diffusion", "app_version": "v1.15", "image": {"steps": 29, "seed": 1592514025, "height": 384, "prompt": [{"prompt": "fire", "weight": 1.0}], "cfg_scale": 7.5, "width": 384, "postprocessing": null, "sampler": "ddim", "variations": [], "type": "img2img", "strength_steps": 0.7, "orig_hash": "4e00"}}""";

    [Fact]
    public void TheDreamLineWinsWhereTheChunksDisagree_WithAWarningNamingBoth()
    {
        var record = Read(("Dream", Dream45), ("sd-metadata", SdMetadata45));

        Assert.Equal("k_lms", record.Settings.Sampler);
        Assert.Equal((0.7, 29), (record.Settings.Strength!.Value, record.Settings.Steps!.Value));
        var warning = Assert.Single(record.Warnings);
        Assert.Contains("'k_lms'", warning);
        Assert.Contains("'ddim'", warning);
        // What only sd-metadata says is kept: the version and its rules, the model, the init image's hash.
        Assert.Equal(("v1.15", RenderCompatibility.InvokeAI2, "stable-diffusion-1.4", "4e00"),
            (record.AppVersion, record.Settings.Compatibility!.Value, record.ModelName, record.InitImageHash));
        Assert.Equal("/tmp/fire-drawing.png", record.InitImagePath);
    }

    [Fact]
    public void ADreamLineWithoutVariationsLeavesSdMetadatasList()
    {
        var record = Read(("Dream", "\"fire\" -s 50 -S 1"),
            ("sd-metadata", """{"app_id": "invoke-ai/InvokeAI", "app_version": "2.2.5", "image": {"prompt": [{"prompt": "fire", "weight": 1.0}], "seed": 1, "steps": 50, "variations": [{"seed": 7, "weight": 0.1}], "type": "txt2img"}}"""));
        Assert.Equal([new SeedWeight(7, 0.1)], record.Settings.Variations);
        Assert.Empty(record.Warnings);
    }

    [Fact]
    public void ABlendSdMetadataNormalisedIsNotADisagreement()
    {
        var record = Read(
            ("Dream", "\"blue sphere:0.25 red cube:0.75 hybrid\" -s 50 -S 3575531754 -W 512 -H 512 -C 7.5 -A k_lms"),
            ("sd-metadata", """{"app_id": "lstein/stable-diffusion", "app_version": "v1.15", "image": {"prompt": [{"prompt": "blue sphere", "weight": 0.125}, {"prompt": "red cube", "weight": 0.375}, {"prompt": "hybrid", "weight": 0.5}], "seed": 3575531754, "steps": 50, "sampler": "k_lms", "type": "txt2img"}}"""));

        Assert.Empty(record.Warnings);
        Assert.Equal("blue sphere:0.25 red cube:0.75 hybrid", record.Settings.Prompt);
    }

    [Fact]
    public void AGridsImagesAreReadForWhatTheyShare()
    {
        var record = SdMetadataJson.Parse(
            """{"app_id": "lstein/stable-diffusion", "app_version": "v1.15", "images": [{"steps": 20, "seed": 1, "prompt": [{"prompt": "poney [woman]", "weight": 1.0}], "sampler": "k_euler_a", "type": "txt2img", "strength": 0.75}, {"steps": 20, "seed": 2, "prompt": [{"prompt": "poney [woman]", "weight": 1.0}], "sampler": "k_euler_a", "type": "txt2img", "strength": 0.75}]}""")!;

        Assert.Equal((20, "k_euler_a", "poney", "woman"), (record.Settings.Steps!.Value, record.Settings.Sampler, record.Settings.Prompt, record.Settings.NegativePrompt));
        // The seeds differ; a txt2img record's strength had no init image to act on.
        Assert.Null(record.Settings.Seed);
        Assert.Null(record.Settings.Strength);
    }

    [Fact]
    public void AGridsImagesOfDifferentInitImagesStateNone()
    {
        var record = SdMetadataJson.Parse(
            """{"app_id": "invoke-ai/InvokeAI", "app_version": "2.2.5", "images": [{"seed": 1, "init_img": "a.png", "orig_hash": "aa", "type": "img2img"}, {"seed": 2, "init_img": "b.png", "orig_hash": "bb", "type": "img2img"}]}""")!;
        Assert.Equal((null, null), (record.InitImagePath, record.InitImageHash));
    }

    [Fact]
    public void ANonRenderDreamLineLeavesSdMetadatasRender()
    {
        var record = Read(("Dream", "!fix test-pictures/curly.png -s 50 -U 2 0.75"), ("sd-metadata", SdMetadata45));
        Assert.Equal(RecordKind.Render, record.Kind);
        Assert.Equal("ddim", record.Settings.Sampler);
    }

    // InvokeAI 3.x's core metadata node, as its image storage writes it under invokeai_metadata.
    private const string InvokeAI3 =
        """{"generation_mode": "img2img", "positive_prompt": "a lighthouse at dusk", "negative_prompt": "fog", "width": 768, "height": 512, "seed": 3135243452, "rand_device": "cpu", "cfg_scale": 6.5, "steps": 30, "scheduler": "dpmpp_2m_k", "clip_skip": 2, "model": {"model_name": "stable-diffusion-v1-5", "base_model": "sd-1", "model_type": "main"}, "controlnets": [], "loras": [{"lora": {"model_name": "pixel-art", "base_model": "sd-1"}, "weight": 0.8}], "strength": 0.65, "init_image": "5b9b.png", "app_version": "3.4.0"}""";

    [Fact]
    public void InvokeAI3sMetadataReadsIntoTheSameRecord()
    {
        var record = Read((InvokeAIMetadataJson.Keyword, InvokeAI3));

        Assert.Equal((MetadataFormats.InvokeAI, "3.4.0"), (record.Format, record.AppVersion));
        var settings = record.Settings;
        Assert.Equal(("a lighthouse at dusk", "fog", 3135243452UL, 30, 6.5, 0.65), (settings.Prompt, settings.NegativePrompt, settings.Seed!.Value, settings.Steps!.Value, settings.CfgScale!.Value, settings.Strength!.Value));
        Assert.Equal(("k_dpmpp_2m", true, NoiseSource.Cpu, 768, 512), (settings.Sampler, settings.Karras!.Value, settings.NoiseSource!.Value, settings.Width!.Value, settings.Height!.Value));
        // Its renders follow diffusers, as the module's own rules do.
        Assert.Null(settings.Compatibility);
        Assert.Equal(("stable-diffusion-v1-5", "5b9b.png"), (record.ModelName, record.InitImagePath));
        Assert.Equal(["clip skip 2", "1 LoRA(s)"], record.NotApplied);
    }

    [Theory]
    [InlineData("lms", "k_lms", false)]
    [InlineData("euler_k", "k_euler", true)]
    [InlineData("euler_a", "k_euler_a", false)]
    [InlineData("pndm", "plms", null)]
    [InlineData("kdpm_2_a", "k_dpm_2_a", false)]
    [InlineData("unipc", "unipc", null)]
    public void InvokeAI3sSchedulerNamesAreOurs(string scheduler, string sampler, bool? karras)
    {
        var settings = InvokeAIMetadataJson.Parse($$"""{"positive_prompt": "x", "scheduler": "{{scheduler}}"}""")!.Settings;
        Assert.Equal((sampler, karras), (settings.Sampler, settings.Karras));
    }

    [Fact]
    public void ARenderOfAnInvokeAI3RecordWarnsOnceOfWhatIsNotApplied()
    {
        var record = Read((InvokeAIMetadataJson.Keyword, InvokeAI3));
        var check = new ReRenderCheck(record);
        var render = new DiffusionImage { Pixels = new RgbaImage(64, 64), Settings = record.Settings };

        Assert.Contains("clip skip 2, 1 LoRA(s)", check.WarningFor(render));
        Assert.Null(check.WarningFor(render));
    }
}

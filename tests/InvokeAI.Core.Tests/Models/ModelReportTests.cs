using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Tests.Families;

namespace InvokeAI.Core.Tests.Models;

/// <summary>A report tells each fixture family, its precision, its scheduler and defaults and its sub-models' contracts.</summary>
public sealed class ModelReportTests(FixtureModels models) : IClassFixture<FixtureModels>
{
    private ModelReport Report(string folder) => ModelReport.Of(models[folder]);

    private static SubModelReport SubModel(ModelReport report, string name) => Assert.Single(report.SubModels, sub => sub.Name == name);

    [Fact]
    public void ConvertScriptSd15IsFp32WithAnInGraphSampledVaeAndCountsTheUnetsExternalWeights()
    {
        var report = Report("tiny-sd");

        Assert.Equal("SD 1.x", report.Family);
        Assert.Equal(ModelArchitecture.StableDiffusion1, report.Architecture);
        Assert.Equal(ModelDistillation.None, report.Distillation);
        Assert.Equal("OnnxStableDiffusionPipeline", report.PipelineClass);
        Assert.Equal(ModelReport.Fp32, report.Precision);
        Assert.Equal(PosteriorOutput.SampledInGraph, report.VaeEncoder);
        Assert.Contains(report.Notes, note => note.Contains("repeat exactly", StringComparison.Ordinal));

        var unet = SubModel(report, "unet");
        string unetFolder = Path.Combine(ReferenceCase.ModelFolder("tiny-sd"), "unet");
        Assert.Equal(["weights.pb"], unet.ExternalData);
        Assert.Equal(new FileInfo(Path.Combine(unetFolder, "model.onnx")).Length + new FileInfo(Path.Combine(unetFolder, "weights.pb")).Length,
            unet.SizeBytes);
        Assert.Equal(["text_encoder", "unet", "vae_encoder", "vae_decoder"], report.SubModels.Select(sub => sub.Name));
    }

    [Fact]
    public void SchedulerAndDefaultsOfAnOrdinaryModelAreInvokeAIs()
    {
        var report = Report("tiny-sd");

        Assert.Equal(new SchedulerReport(SamplerCatalog.Default, "epsilon", "leading", 1, "scaled_linear", 1000), report.Scheduler);
        var defaults = RenderSettings.Defaults;
        Assert.Equal(new ModelRenderDefaults(defaults.Sampler!, defaults.Steps!.Value, defaults.Strength!.Value, defaults.CfgScale!.Value), report.Defaults);
        Assert.Null(report.IntendedSteps);
        Assert.Equal(4, report.UnetInputChannels);
        Assert.Equal("CPU", report.Provider);
        Assert.Null(report.CpuFallbackReason);
    }

    [Fact]
    public void SubModelInputsAndOutputsShowTypesAndNamedAxes()
    {
        var textEncoder = SubModel(Report("tiny-sd"), "text_encoder");

        var ids = Assert.Single(textEncoder.Inputs);
        Assert.Equal("input_ids", ids.Name);
        Assert.Equal("int32", ids.ElementType);
        Assert.Equal(2, ids.Shape.Count);
        Assert.DoesNotContain("?", ids.Shape);
        var hidden = Assert.Single(textEncoder.Outputs, output => output.Name == "last_hidden_state");
        Assert.Equal("float32", hidden.ElementType);
        Assert.Equal("16", hidden.Shape[2]);
        Assert.StartsWith("text_encoder: input_ids int32 [", textEncoder.ToString());
        Assert.Contains("-> last_hidden_state float32 [", textEncoder.ToString());
    }

    [Fact]
    public void OptimumSd15ReturnsLatentParameters()
    {
        var report = Report("tiny-sd-lp");

        Assert.Equal("SD 1.x", report.Family);
        Assert.Equal(PosteriorOutput.LatentParameters, report.VaeEncoder);
        Assert.Contains(SubModel(report, "vae_encoder").Outputs, output => output.Name == "latent_parameters");
        Assert.Equal("int64", SubModel(report, "text_encoder").Inputs[0].ElementType);
        Assert.DoesNotContain(report.Notes, note => note.Contains("RandomNormalLike", StringComparison.Ordinal));
        Assert.Empty(SubModel(report, "unet").ExternalData);
    }

    [Fact]
    public void Fp16ExportIsFp16()
    {
        var report = Report("tiny-sd-fp16");

        Assert.Equal(ModelReport.Fp16, report.Precision);
        Assert.All(report.SubModels.SelectMany(sub => sub.Inputs.Concat(sub.Outputs)).Where(t => t.IsFloat),
            tensor => Assert.Equal("float16", tensor.ElementType));
    }

    [Fact]
    public void Sd2VPredictionLeavesSpacingToEachSamplerAndNeeds768Pixels()
    {
        var report = Report("tiny-sd2-v");

        Assert.Equal("SD 2.x", report.Family);
        Assert.Equal("v_prediction", report.Scheduler.PredictionType);
        Assert.Equal(SchedulerReport.EachSamplersDefault, report.Scheduler.TimestepSpacing);
        Assert.Equal("each sampler's default", report.Scheduler.TimestepSpacing);
        Assert.Contains(report.Notes, note => note.Contains("768", StringComparison.Ordinal));
        Assert.Equal(PosteriorOutput.SampledInGraph, report.VaeEncoder);
    }

    [Fact]
    public void SdxlListsTheSecondEncoderAndItsHiddenStates()
    {
        var report = Report("tiny-sdxl");

        Assert.Equal("SDXL", report.Family);
        Assert.Equal(ModelArchitecture.StableDiffusionXL, report.Architecture);
        Assert.Equal(0.13025, report.LatentScale);
        Assert.StartsWith("scaling_factor in vae_", report.LatentScaleSource);
        Assert.Equal(["text_encoder", "text_encoder_2", "unet", "vae_encoder", "vae_decoder"], report.SubModels.Select(sub => sub.Name));
        var second = SubModel(report, "text_encoder_2");
        Assert.Contains(second.Outputs, output => output.Name == "text_embeds");
        Assert.Contains(second.Outputs, output => output.Name.StartsWith("hidden_states.", StringComparison.Ordinal));
        Assert.Contains("hidden_states.", second.ToString());
        Assert.Contains(SubModel(report, "unet").Inputs, input => input.Name == "time_ids");
        Assert.DoesNotContain(report.Notes, note => note.Contains("model_index.json", StringComparison.Ordinal));
    }

    [Fact]
    public void TurboRendersFourEulerAncestralStepsWithTrailingTimesteps()
    {
        var report = Report("tiny-sdxl-turbo");

        Assert.Equal("SDXL-Turbo", report.Family);
        Assert.Equal("k_euler_a", report.Scheduler.DefaultSampler);
        Assert.Equal("k_euler_a", report.Defaults.Sampler);
        Assert.Equal(4, report.Defaults.Steps);
        Assert.Equal(0, report.Defaults.CfgScale);
        Assert.Equal("trailing", report.Scheduler.TimestepSpacing);
        Assert.Equal("1–4", report.IntendedSteps);
        Assert.Contains(report.Notes, note => note.Contains("1–4 steps", StringComparison.Ordinal));
        Assert.Contains(report.Notes, note => note.Contains("no classifier-free guidance batch", StringComparison.Ordinal));
    }

    [Fact]
    public void LcmTakesTimestepCondAndDefaultsToItsOwnSampler()
    {
        var report = Report("tiny-lcm");

        Assert.Equal("LCM", report.Family);
        Assert.Equal("LatentConsistencyModelPipeline", report.PipelineClass);
        Assert.Contains(SubModel(report, "unet").Inputs, input => input.Name == "timestep_cond");
        Assert.Equal("lcm", report.Scheduler.DefaultSampler);
        Assert.Equal("lcm", report.Defaults.Sampler);
        Assert.Equal("2–8", report.IntendedSteps);
        Assert.Contains(report.Notes, note => note.Contains("timestep_cond", StringComparison.Ordinal));
    }

    [Fact]
    public void PrecisionIsMixedWhenSubModelsDisagree()
    {
        var fp32 = Report("tiny-sd-lp");
        var fp16 = Report("tiny-sd-fp16");
        SubModelReport[] fp16UnetAmongFp32 = [.. fp32.SubModels.Where(sub => sub.Name != "unet"), SubModel(fp16, "unet")];

        Assert.Equal(ModelReport.Mixed, ModelReport.PrecisionOf(fp16UnetAmongFp32));
    }
}

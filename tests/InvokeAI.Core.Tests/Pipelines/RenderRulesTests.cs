using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>The cross-setting rules both the pipeline and the cmdlets apply, each naming the setting to change.</summary>
public sealed class RenderRulesTests
{
    [Theory]
    [InlineData(10, null, 0.5, "k_lms", false, 0.0, null)]
    [InlineData(10, 5, 0.0, "k_lms", false, 0.0, "DenoiseSteps")]
    [InlineData(10, null, 0.5, "ddim", true, 0.0, "Karras")]
    [InlineData(10, null, 0.5, "k_euler", false, 0.5, "Eta")]
    [InlineData(1, null, 0.5, "k_lms", false, 0.0, "Steps")]
    [InlineData(1, 1, 0.5, "k_lms", false, 0.0, null)]
    [InlineData(1, null, 0.0, "k_lms", false, 0.0, null)]
    [InlineData(20, null, 0.7, "ddim", false, 1.0, null)]
    [InlineData(10, 600, 0.5, "k_lms", false, 0.0, "DenoiseSteps")]
    [InlineData(10, 500, 0.5, "k_lms", false, 0.0, null)]
    public void NamesTheSettingThatBreaksARule(int steps, int? denoiseSteps, double strength, string sampler, bool karras, double eta, string? broken)
    {
        var settings = new RenderSettings { Steps = denoiseSteps is null ? steps : null, DenoiseSteps = denoiseSteps, Strength = strength, Sampler = sampler, Karras = karras, Eta = eta };
        Assert.Equal(broken, RenderRules.Find(settings)?.Setting);
    }

    [Fact]
    public void AnUnknownSamplerIsRefused() =>
        Assert.Equal("Sampler", RenderRules.Find(new RenderSettings { Sampler = "k_nonsense" })?.Setting);
}

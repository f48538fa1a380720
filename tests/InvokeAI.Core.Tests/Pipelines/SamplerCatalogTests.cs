using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Pipelines;

public class SamplerCatalogTests
{
    public static TheoryData<string> StrengthCutSamplers() =>
        new(SamplerCatalog.All.Where(s => s.Name != "lcm").Select(s => s.Name));

    [Theory]
    [InlineData("lcm")]
    [InlineData("LCM")]
    [InlineData("Lcm")]
    public void LcmIsFoundByItsNames(string name)
    {
        var lcm = SamplerCatalog.Find(name);

        Assert.Equal("lcm", lcm.Name);
        Assert.Equal("LCMScheduler", lcm.DiffusersClass);
        Assert.Equal("LCM", lcm.A1111Name);
        Assert.Equal(1, lcm.ModelCallsPerStep);
        Assert.False(lcm.UsesKarras);
        Assert.False(lcm.UsesEta);
        Assert.True(lcm.Ancestral);
        Assert.Contains("lcm", SamplerCatalog.Names);
    }

    [Fact]
    public void CreateHandsLcmTheStrength()
    {
        var sampler = SamplerCatalog.Create("lcm", SchedulerConfig.StableDiffusion1, 4, strength: 0.5);

        Assert.IsType<LcmSampler>(sampler);
        Assert.Equal([499.0, 379, 259, 139], sampler.Timesteps);
        Assert.Equal(0, sampler.FirstStep(0.5));
    }

    [Fact]
    public void LcmRefusesKarrasAndEta()
    {
        Assert.Equal("Karras", Assert.Throws<RenderSettingException>(() =>
            SamplerCatalog.Create("lcm", SchedulerConfig.StableDiffusion1, 4, karras: true, strength: 0.5)).Setting);
        Assert.Equal("Eta", Assert.Throws<RenderSettingException>(() =>
            SamplerCatalog.Create("lcm", SchedulerConfig.StableDiffusion1, 4, eta: 0.5, strength: 0.5)).Setting);
    }

    [Theory]
    [MemberData(nameof(StrengthCutSamplers))]
    public void EveryOtherSamplerStartsWhereTheStrengthScheduleSays(string name)
    {
        foreach (double strength in new[] { 0.0, 0.3, 0.5, 0.75, 1.0 })
        {
            var sampler = SamplerCatalog.Create(name, SchedulerConfig.StableDiffusion1, 10, strength: strength);
            Assert.Equal(StrengthSchedule.StartIndex(10, strength), sampler.FirstStep(strength));
        }
        Assert.Equal(3, SamplerCatalog.Create(name, SchedulerConfig.StableDiffusion1, 10).FirstStep(0.7));
    }
}

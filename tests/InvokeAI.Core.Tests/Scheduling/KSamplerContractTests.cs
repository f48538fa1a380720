using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>What every k-diffusion sampler shares with k_lms: names, plan, noising and the checks on a step.</summary>
public class KSamplerContractTests
{
    [Theory]
    [MemberData(nameof(KSamplerCatalog.Names), MemberType = typeof(KSamplerCatalog))]
    public void NameIsTheInvokeAIName(string name)
    {
        Assert.Equal(name, KSamplerCatalog.Create(name, SchedulerConfig.StableDiffusion1, 10).Name);
    }

    [Theory]
    [InlineData(KSamplerCatalog.Euler, false)]
    [InlineData(KSamplerCatalog.EulerAncestral, true)]
    [InlineData(KSamplerCatalog.Heun, false)]
    [InlineData(KSamplerCatalog.Dpm2, true)]
    [InlineData(KSamplerCatalog.Dpm2Ancestral, false)]
    [InlineData(KSamplerCatalog.DpmPlusPlus2M, true)]
    public void PlanAndNoisingAreThoseOfLms(string name, bool karras)
    {
        var lms = new LmsSampler(SchedulerConfig.StableDiffusion1, 15, karras);
        var sampler = KSamplerCatalog.Create(name, SchedulerConfig.StableDiffusion1, 15, karras);
        float[] viaLms = [1f, -2f, 0.5f];
        float[] viaSampler = [1f, -2f, 0.5f];

        lms.AddNoise(viaLms, [0.5f, 1f, -3f], stepIndex: 4);
        sampler.AddNoise(viaSampler, [0.5f, 1f, -3f], stepIndex: 4);

        Assert.Equal(lms.Timesteps, sampler.Timesteps);
        Assert.Equal(lms.Sigmas, sampler.Sigmas);
        Assert.Equal(viaLms, viaSampler);
    }

    [Theory]
    [MemberData(nameof(KSamplerCatalog.Names), MemberType = typeof(KSamplerCatalog))]
    public void LeadingStepsPastTheLastTrainingTimestepAreRefusedAtConstruction(string name)
    {
        // 1000 leading steps plus steps_offset 1 reach timestep 1000; clamped, it would repeat σ_max, and the
        // zero-width first step would turn the whole render into NaN (LMS divides by it).
        var leading = SchedulerConfig.StableDiffusion1 with { TimestepSpacing = TimestepSpacing.Leading };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => KSamplerCatalog.Create(name, leading, 1000));

        Assert.Equal("steps", ex.ParamName);
        Assert.Contains("timestep 1000, outside 0..999", ex.Message);
        Assert.Equal(999, KSamplerCatalog.Create(name, leading, 999).Timesteps[0]);
    }

    [Theory]
    [MemberData(nameof(KSamplerCatalog.Names), MemberType = typeof(KSamplerCatalog))]
    public void StepsMustFollowEachOther(string name)
    {
        var sampler = KSamplerCatalog.Create(name, SchedulerConfig.StableDiffusion1, 10);
        float[] sample = [1f];
        ModelFunction zero = (input, _) => new float[input.Length];
        sampler.Step(2, sample, zero, new SeededGaussian(1));

        Assert.Throws<InvalidOperationException>(() => sampler.Step(4, sample, zero, new SeededGaussian(1)));
    }

    [Theory]
    [MemberData(nameof(KSamplerCatalog.Names), MemberType = typeof(KSamplerCatalog))]
    public void TheSampleKeepsItsSizeAcrossSteps(string name)
    {
        var sampler = KSamplerCatalog.Create(name, SchedulerConfig.StableDiffusion1, 10);
        ModelFunction zero = (input, _) => new float[input.Length];
        sampler.Step(0, [1f, 2f], zero, new SeededGaussian(1));

        Assert.Throws<ArgumentException>(() => sampler.Step(1, [1f, 2f, 3f], zero, new SeededGaussian(1)));
    }

    [Theory]
    [MemberData(nameof(KSamplerCatalog.Names), MemberType = typeof(KSamplerCatalog))]
    public void AModelOutputOfTheWrongSizeIsRejected(string name)
    {
        var sampler = KSamplerCatalog.Create(name, SchedulerConfig.StableDiffusion1, 10);

        Assert.Throws<InvalidOperationException>(
            () => sampler.Step(0, [1f, 2f], (input, _) => [0f], new SeededGaussian(1)));
    }

    [Theory]
    [InlineData(KSamplerCatalog.EulerAncestral)]
    [InlineData(KSamplerCatalog.Dpm2Ancestral)]
    public void AncestralSamplersNeedANoiseGenerator(string name)
    {
        var sampler = KSamplerCatalog.Create(name, SchedulerConfig.StableDiffusion1, 10);

        Assert.Throws<ArgumentNullException>(
            () => sampler.Step(0, [1f], (input, _) => new float[input.Length], null!));
    }
}

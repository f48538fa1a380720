using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

public class LcmTimestepsTests
{
    [Fact]
    public void TheFixtureConfigCarriesLcmsKeys()
    {
        var config = LcmReferenceCase.FixtureSchedulerConfig();

        Assert.Equal(50, config.OriginalInferenceSteps);
        Assert.Equal(10.0, config.TimestepScaling);
        Assert.Equal(PredictionType.Epsilon, config.PredictionType);
        Assert.Equal(TimestepSpacing.Leading, config.TimestepSpacing);
    }

    [Fact]
    public void ConfigsWithoutLcmKeysGetDiffusersDefaults()
    {
        var config = SchedulerConfig.Parse("{}");

        Assert.Equal(50, config.OriginalInferenceSteps);
        Assert.Equal(10.0, config.TimestepScaling);
    }

    [Fact]
    public void FourStepsAtStrengthHalfAreTheReferences()
    {
        var reference = LcmReferenceCase.Load("lcm-4steps-s05");
        var sampler = new LcmSampler(LcmReferenceCase.FixtureSchedulerConfig(), reference.Steps, reference.Strength);

        Assert.Equal([499, 379, 259, 139], reference.Timesteps);
        Assert.Equal(reference.Timesteps.Select(t => (double)t), sampler.Timesteps);
    }

    [Theory]
    [InlineData("lcm-4steps-s05")]
    [InlineData("lcm-6steps-s07")]
    public void TimestepsFollowTheRuleAndMatchEachReference(string caseName)
    {
        var reference = LcmReferenceCase.Load(caseName);
        int[] byTheRule = DiffusersRule(reference.Steps, reference.Strength, reference.OriginalInferenceSteps, 1000);

        Assert.Equal(reference.Timesteps, byTheRule);
        Assert.Equal(reference.Timesteps, LcmTimesteps.For(reference.Steps, reference.Strength, reference.OriginalInferenceSteps, 1000));
    }

    [Fact]
    public void FullStrengthGivesTheFamiliarTextToImageSchedule()
    {
        // LCM_Dreamshaper_v7's 4-step text-to-image schedule as diffusers prints it.
        Assert.Equal([999, 759, 499, 259], LcmTimesteps.For(4, 1.0, 50, 1000));
        Assert.Equal([999], LcmTimesteps.For(1, 1.0, 50, 1000));
    }

    [Fact]
    public void EveryStepRunsWhateverTheStrength()
    {
        foreach (double strength in new[] { 0.3, 0.5, 0.8, 1.0 })
        {
            var sampler = new LcmSampler(LcmReferenceCase.FixtureSchedulerConfig(), 8, strength);
            Assert.Equal(8, sampler.Timesteps.Count);
            Assert.Equal(0, sampler.FirstStep(strength));
        }
    }

    [Theory]
    [InlineData(4, 0.05)] // int(50·0.05) = 2 distillation timesteps left for 4 steps
    [InlineData(51, 1.0)] // more steps than the distillation schedule has
    [InlineData(0, 1.0)]
    public void StepCountsDiffusersRefusesAreRefusedByStepCount(int steps, double strength)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LcmTimesteps.For(steps, strength, 50, 1000));
        Assert.Equal("steps", e.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void StrengthOutsideZeroToOneIsRefused(double strength)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LcmTimesteps.For(4, strength, 50, 1000));
        Assert.Equal("strength", e.ParamName);
    }

    [Fact]
    public void OriginalStepsBeyondTheTrainingScheduleAreRefused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LcmTimesteps.For(4, 1.0, 1001, 1000));
        Assert.Equal("originalInferenceSteps", e.ParamName);
    }

    /// <summary>
    /// LCMScheduler.set_timesteps written out step by step as the reference JSON states it: origin =
    /// [1..int(original·strength)]·(T/original) − 1, reversed, taken at floor(linspace(0, len, steps, endpoint=False)).
    /// </summary>
    private static int[] DiffusersRule(int steps, double strength, int original, int trainTimesteps)
    {
        int k = trainTimesteps / original;
        var origin = new List<int>();
        for (int i = 1; i <= (int)Math.Truncate(original * strength); i++) origin.Add(i * k - 1);
        origin.Reverse();
        var picked = new int[steps];
        for (int i = 0; i < steps; i++)
        {
            double point = 0 + i * ((double)(origin.Count - 0) / steps);
            picked[i] = origin[(int)Math.Floor(point)];
        }
        return picked;
    }
}

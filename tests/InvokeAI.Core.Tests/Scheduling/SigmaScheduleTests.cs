using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

public class SigmaScheduleTests
{
    private static readonly double[] LinspaceSigmas10 =
        [14.6146, 7.8399, 4.6092, 2.9183, 1.9502, 1.3449, 0.9324, 0.6250, 0.3687, 0.0292, 0];

    private static readonly double[] KarrasSigmas10 =
        [14.6146, 9.1029, 5.4784, 3.1686, 1.7494, 0.9141, 0.4469, 0.2014, 0.0819, 0.0292, 0];

    [Fact]
    public void LinspaceSigmasMatchTheReference()
    {
        var plan = SigmaSchedule.Create(SchedulerConfig.StableDiffusion1, 10, useKarrasSigmas: false);

        AssertSigmas(LinspaceSigmas10, plan.Sigmas);
    }

    [Fact]
    public void KarrasSigmasMatchTheReference()
    {
        var plan = SigmaSchedule.Create(SchedulerConfig.StableDiffusion1, 10, useKarrasSigmas: true);

        AssertSigmas(KarrasSigmas10, plan.Sigmas);
    }

    [Fact]
    public void KarrasTimestepsAreRecoveredFromTheirSigmas()
    {
        var plan = SigmaSchedule.Create(SchedulerConfig.StableDiffusion1, 10, useKarrasSigmas: true);

        Assert.Equal(999, plan.Timesteps[0], 6);
        Assert.Equal(0, plan.Timesteps[9], 6);
        for (int i = 1; i < 10; i++) Assert.True(plan.Timesteps[i] < plan.Timesteps[i - 1]);
        // Log-σ interpolation is not the inverse of linear-σ interpolation, but on this smooth schedule the
        // recovered timestep reproduces σ to within 0.1 %.
        var training = NoiseSchedule.FromConfig(SchedulerConfig.StableDiffusion1);
        for (int i = 0; i < 10; i++)
            Assert.Equal(1, training.SigmaAtTimestep(plan.Timesteps[i]) / plan.Sigmas[i], tolerance: 1e-3);
    }

    [Fact]
    public void TimestepForSigmaInterpolatesInLogSigma()
    {
        var training = NoiseSchedule.FromConfig(SchedulerConfig.StableDiffusion1);
        double between = Math.Sqrt(training.Sigmas[300] * training.Sigmas[301]);

        double[] timesteps = SigmaSchedule.TimestepsForSigmas(training, [between, training.Sigmas[42], 1e-6, 1e6]);

        Assert.Equal(300.5, timesteps[0], 9);
        Assert.Equal(42, timesteps[1], 9);
        Assert.Equal(0, timesteps[2], 9);
        Assert.Equal(999, timesteps[3], 9);
    }

    [Fact]
    public void ConfigSpacingOverridesTheSamplerDefault()
    {
        var leading = SchedulerConfig.StableDiffusion1 with { TimestepSpacing = TimestepSpacing.Leading };

        var plan = SigmaSchedule.Create(leading, 50, useKarrasSigmas: false);

        Assert.Equal(981, plan.Timesteps[0]);
        var training = NoiseSchedule.FromConfig(leading);
        Assert.Equal(training.Sigmas[981], plan.Sigmas[0], 12);
    }

    [Fact]
    public void APlanSpansTheConfiguredNumberOfTrainingTimesteps()
    {
        // num_train_timesteps 500: linspace(0, 499, 10) reversed, σ read off the 500-step schedule (values from
        // Python, apart from this code).
        var config = SchedulerConfig.StableDiffusion1 with { NumTrainTimesteps = 500 };

        var plan = SigmaSchedule.Create(config, 10, useKarrasSigmas: false);

        Assert.Equal(499, plan.Timesteps[0], 9);
        Assert.Equal(499.0 * 8 / 9, plan.Timesteps[1], 9);
        Assert.Equal(0, plan.Timesteps[^1], 9);
        AssertSigmas([3.695518, 2.628486, 1.928748, 1.444779, 1.092407, 0.822934, 0.606761, 0.4242, 0.257558, 0.029167, 0], plan.Sigmas);
    }

    [Fact]
    public void APlanWhoseSpacingLeavesTheTrainingTimestepsIsRefused()
    {
        var leading = SchedulerConfig.StableDiffusion1 with { TimestepSpacing = TimestepSpacing.Leading };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => SigmaSchedule.Create(leading, 1000, useKarrasSigmas: false));

        Assert.Equal("steps", ex.ParamName);
        Assert.Contains("timestep 1000", ex.Message);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(10, false)]
    [InlineData(50, true)]
    public void SigmasHaveOneMoreEntryThanStepsAndEndAtZero(int steps, bool karras)
    {
        var plan = SigmaSchedule.Create(SchedulerConfig.StableDiffusion1, steps, karras);

        Assert.Equal(steps, plan.Timesteps.Count);
        Assert.Equal(steps + 1, plan.Sigmas.Count);
        Assert.Equal(0, plan.Sigmas[^1]);
        for (int i = 0; i < steps; i++) Assert.True(plan.Sigmas[i] > 0);
    }

    private static void AssertSigmas(double[] expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 4);
    }
}

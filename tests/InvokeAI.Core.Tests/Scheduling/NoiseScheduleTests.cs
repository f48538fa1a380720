using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

public class NoiseScheduleTests
{
    private static readonly NoiseSchedule StableDiffusion = NoiseSchedule.FromConfig(SchedulerConfig.StableDiffusion1);

    [Fact]
    public void AlphasCumprodMatchTheReferenceEnds()
    {
        Assert.Equal(0.999150, StableDiffusion.AlphasCumprod[0], 6);
        Assert.Equal(0.0046601, StableDiffusion.AlphasCumprod[999], 7);
    }

    [Fact]
    public void TrainingSigmasSpanTheReferenceRange()
    {
        Assert.Equal(1000, StableDiffusion.TrainTimesteps);
        Assert.Equal(0.029167, StableDiffusion.Sigmas[0], 6);
        Assert.Equal(14.614641, StableDiffusion.Sigmas[999], 6);
    }

    // The values below were computed apart from this code, in Python's double-precision floats, from diffusers'
    // formulas: linear β = linspace(β_start, β_end, T); squaredcos_cap_v2 β_i = min(1 − f((i+1)/T)/f(i/T), 0.999)
    // with f(t) = cos²((t + 0.008)/1.008·π/2) (betas_for_alpha_bar); ᾱ_t = Π(1 − β). diffusers itself works in
    // float32, a relative 1e-6 away.

    [Fact]
    public void LinearBetasRunEvenlyFromBetaStartToBetaEnd()
    {
        // DDPM's own schedule (Ho et al. 2020), whose ᾱ_999 ≈ 4.04e-5 is the commonly quoted end.
        var schedule = NoiseSchedule.FromConfig(Linear(1000, 0.0001, 0.02));

        AssertRelative(0.0001, schedule.Betas[0]);
        AssertRelative(0.01005995995995996, schedule.Betas[500]);
        AssertRelative(0.02, schedule.Betas[999]);
        AssertRelative(0.9999, schedule.AlphasCumprod[0]);
        AssertRelative(0.07858724288177821, schedule.AlphasCumprod[499]);
        AssertRelative(4.0358297653756754e-05, schedule.AlphasCumprod[999]);
        AssertRelative(157.40728081040757, schedule.Sigmas[999]);
    }

    [Fact]
    public void LinearAndScaledLinearDifferBetweenTheSameEnds()
    {
        // Same β_0 and β_999; scaled_linear interpolates √β, so its βs are smaller in between and ᾱ stays higher.
        var linear = NoiseSchedule.FromConfig(Linear(1000, 0.00085, 0.012));

        Assert.Equal(StableDiffusion.Betas[0], linear.Betas[0], 15);
        Assert.Equal(StableDiffusion.Betas[999], linear.Betas[999], 15);
        AssertRelative(0.0015789629305514416, linear.AlphasCumprod[999]);
        Assert.True(StableDiffusion.AlphasCumprod[999] > linear.AlphasCumprod[999]);
    }

    [Fact]
    public void SquaredcosCapV2FollowsTheCosineAlphaBar()
    {
        var schedule = NoiseSchedule.FromConfig(new SchedulerConfig { BetaSchedule = BetaSchedule.SquaredcosCapV2 });

        AssertRelative(4.128422482196914e-05, schedule.Betas[0]);
        AssertRelative(0.7499993929011166, schedule.Betas[998]);
        // The products telescope, so ᾱ_t = f((t+1)/T)/f(0) wherever no β was capped: 0.4938… half-way.
        AssertRelative(0.999958715775178, schedule.AlphasCumprod[0]);
        AssertRelative(0.4938435904406382, schedule.AlphasCumprod[499]);
        AssertRelative(2.4287669070348544e-06, schedule.AlphasCumprod[998]);
        AssertRelative(0.006425412771142061, schedule.Sigmas[0]);
    }

    [Fact]
    public void SquaredcosCapV2CapsTheLastBetaAt0999()
    {
        // f(1) = cos²(π/2) ≈ 0, so β_999 would be 1 and ᾱ_999 zero (σ infinite); the cap leaves 0.1 % of ᾱ_998.
        var schedule = NoiseSchedule.FromConfig(new SchedulerConfig { BetaSchedule = BetaSchedule.SquaredcosCapV2 });

        Assert.Equal(0.999, schedule.Betas[999]);
        AssertRelative(2.4287669070348567e-09, schedule.AlphasCumprod[999]);
        AssertRelative(20291.169610019886, schedule.Sigmas[999]);
    }

    [Theory]
    [InlineData(500, 0.06822747643638591, 3.6955177771822476)]
    [InlineData(2000, 2.1740321445875128e-05, 214.46789959943308)]
    public void NumTrainTimestepsSetsTheLengthAndTheEndOfTheSchedule(int trainTimesteps, double lastAlphaCumprod, double sigmaMax)
    {
        // scaled_linear between SD's β ends over T steps: the first level is SD's, the last depends on T.
        var schedule = NoiseSchedule.FromConfig(SchedulerConfig.StableDiffusion1 with { NumTrainTimesteps = trainTimesteps });

        Assert.Equal(trainTimesteps, schedule.TrainTimesteps);
        AssertRelative(0.012, schedule.Betas[^1]);
        AssertRelative(0.99915, schedule.AlphasCumprod[0]);
        AssertRelative(lastAlphaCumprod, schedule.AlphasCumprod[^1]);
        AssertRelative(sigmaMax, schedule.Sigmas[^1]);
    }

    [Fact]
    public void SquaredcosCapV2ReachesTheSameHalfWayLevelAtAnyLength()
    {
        // ᾱ at the middle is f(1/2)/f(0) whatever T is, so the 4000-step schedule agrees with the 1000-step one.
        var schedule = NoiseSchedule.FromConfig(new SchedulerConfig { BetaSchedule = BetaSchedule.SquaredcosCapV2, NumTrainTimesteps = 4000 });

        AssertRelative(0.49384359044063586, schedule.AlphasCumprod[1999]);
        AssertRelative(1.5179804688514517e-10, schedule.AlphasCumprod[3999]);
    }

    [Fact]
    public void SigmaAtAFractionalTimestepInterpolatesLinearly()
    {
        double halfway = (StableDiffusion.Sigmas[500] + StableDiffusion.Sigmas[501]) / 2;
        Assert.Equal(halfway, StableDiffusion.SigmaAtTimestep(500.5), 12);
    }

    private static SchedulerConfig Linear(int trainTimesteps, double betaStart, double betaEnd) => new()
    {
        BetaSchedule = BetaSchedule.Linear, NumTrainTimesteps = trainTimesteps, BetaStart = betaStart, BetaEnd = betaEnd,
    };

    private static void AssertRelative(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}

using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>
/// Single steps of k_euler, k_euler_a and k_heun worked out by hand for a linear model that answers
/// ε = 0.5·(its input). With the input x/√(σ²+1), that is ε = c(σ)·x with c(σ) = 0.5/√(σ²+1), and then
/// x0 = x − σ·ε = (1 − σ·c)·x and the slope d = (x − x0)/σ = c·x: every update below is x times a number.
/// </summary>
public class EulerFamilyStepArithmeticTests
{
    private static readonly float[] Start = [2f, -1f, 0.5f];

    private static readonly ModelFunction HalfOfInput = (input, _) =>
    {
        var output = new float[input.Length];
        for (int k = 0; k < input.Length; k++) output[k] = 0.5f * input[k];
        return output;
    };

    [Fact]
    public void EulerFirstStepFollowsTheSlopeToTheNextSigma()
    {
        var sampler = new EulerSampler(SchedulerConfig.StableDiffusion1, 10);
        double sigma0 = sampler.Sigmas[0], sigma1 = sampler.Sigmas[1];
        AssertReferenceSigmas(sigma0, sigma1);
        float[] sample = (float[])Start.Clone();

        float[] denoised = sampler.Step(0, sample, HalfOfInput, new ForbiddenNoise());

        double c0 = 0.5 / Math.Sqrt(sigma0 * sigma0 + 1);
        // x1 = x + d·(σ1 − σ0) = x·(1 + c0·(σ1 − σ0)); x0 = x·(1 − σ0·c0).
        for (int k = 0; k < Start.Length; k++)
        {
            Assert.Equal(Start[k] * (1 + c0 * (sigma1 - sigma0)), sample[k], 1e-5);
            Assert.Equal(Start[k] * (1 - sigma0 * c0), denoised[k], 1e-5);
        }
    }

    [Fact]
    public void EulerAncestralFirstStepGoesToSigmaDownThenAddsSigmaUpTimesTheDraw()
    {
        var sampler = new EulerAncestralSampler(SchedulerConfig.StableDiffusion1, 10);
        double sigma0 = sampler.Sigmas[0], sigma1 = sampler.Sigmas[1];
        AssertReferenceSigmas(sigma0, sigma1);
        float[] fresh = [0.3f, -1.2f, 0.7f];
        float[] sample = (float[])Start.Clone();

        sampler.Step(0, sample, HalfOfInput, new FixedNoise(fresh));

        // σ_up = √(σ1²(σ0² − σ1²)/σ0²) ≈ 6.616, σ_down = √(σ1² − σ_up²) = σ1²/σ0 ≈ 4.206.
        double sigmaUp = Math.Sqrt(sigma1 * sigma1 * (sigma0 * sigma0 - sigma1 * sigma1) / (sigma0 * sigma0));
        double sigmaDown = sigma1 * sigma1 / sigma0;
        Assert.Equal(6.6164, sigmaUp, 1e-3);
        Assert.Equal(4.2057, sigmaDown, 1e-3);
        double c0 = 0.5 / Math.Sqrt(sigma0 * sigma0 + 1);
        for (int k = 0; k < Start.Length; k++)
            Assert.Equal(Start[k] * (1 + c0 * (sigmaDown - sigma0)) + sigmaUp * fresh[k], sample[k], 1e-5);
    }

    [Fact]
    public void HeunFirstStepAveragesTheSlopesAtBothEnds()
    {
        var sampler = new HeunSampler(SchedulerConfig.StableDiffusion1, 10);
        double sigma0 = sampler.Sigmas[0], sigma1 = sampler.Sigmas[1];
        AssertReferenceSigmas(sigma0, sigma1);
        float[] sample = (float[])Start.Clone();

        sampler.Step(0, sample, HalfOfInput, new ForbiddenNoise());

        double c0 = 0.5 / Math.Sqrt(sigma0 * sigma0 + 1);
        double c1 = 0.5 / Math.Sqrt(sigma1 * sigma1 + 1);
        double step = sigma1 - sigma0;
        // Predictor x̃ = x·(1 + c0·Δ); slopes d0 = c0·x and d1 = c1·x̃; x1 = x + (d0 + d1)/2·Δ.
        for (int k = 0; k < Start.Length; k++)
        {
            double predicted = Start[k] * (1 + c0 * step);
            double expected = Start[k] + (c0 * Start[k] + c1 * predicted) / 2 * step;
            Assert.Equal(expected, sample[k], 1e-5);
        }
    }

    [Fact]
    public void HeunLastStepIsOneEulerCallLandingOnTheEstimate()
    {
        var sampler = new HeunSampler(SchedulerConfig.StableDiffusion1, 10);
        double sigma9 = sampler.Sigmas[9];
        Assert.Equal(0.0292, sigma9, 1e-4);
        float[] sample = (float[])Start.Clone();
        int calls = 0;

        sampler.Step(9, sample, (input, t) => { calls++; return HalfOfInput(input, t); }, new ForbiddenNoise());

        double c9 = 0.5 / Math.Sqrt(sigma9 * sigma9 + 1);
        Assert.Equal(1, calls);
        for (int k = 0; k < Start.Length; k++) Assert.Equal(Start[k] * (1 - sigma9 * c9), sample[k], 1e-6);
    }

    /// <summary>The first two levels of the 10-step linspace schedule in sampling.md, so the numbers above are pinned.</summary>
    private static void AssertReferenceSigmas(double sigma0, double sigma1)
    {
        Assert.Equal(14.6146, sigma0, 1e-4);
        Assert.Equal(7.8399, sigma1, 1e-4);
    }
}

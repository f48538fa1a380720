using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>
/// Steps of k_dpm_2, k_dpm_2_a and k_dpmpp_2m worked out by hand for a linear model that answers
/// ε = 0.5·(its input) = c(σ)·x with c(σ) = 0.5/√(σ²+1), so x0 = (1 − σ·c)·x and the slope is c·x.
/// </summary>
public class DpmFamilyStepArithmeticTests
{
    private static readonly float[] Start = [2f, -1f, 0.5f];

    private static readonly ModelFunction HalfOfInput = (input, _) =>
    {
        var output = new float[input.Length];
        for (int k = 0; k < input.Length; k++) output[k] = 0.5f * input[k];
        return output;
    };

    private static double C(double sigma) => 0.5 / Math.Sqrt(sigma * sigma + 1);

    [Fact]
    public void Dpm2FirstStepUsesTheSlopeAtTheGeometricMidpoint()
    {
        var sampler = new Dpm2Sampler(SchedulerConfig.StableDiffusion1, 10);
        double sigma0 = sampler.Sigmas[0], sigma1 = sampler.Sigmas[1];
        float[] sample = (float[])Start.Clone();

        sampler.Step(0, sample, HalfOfInput, new ForbiddenNoise());

        // σ_mid = exp((ln σ0 + ln σ1)/2) = √(14.6146·7.8399) ≈ 10.704; probe x_mid = x·(1 + c(σ0)·(σ_mid − σ0));
        // x1 = x + c(σ_mid)·x_mid·(σ1 − σ0).
        double sigmaMid = Math.Sqrt(sigma0 * sigma1);
        Assert.Equal(10.704, sigmaMid, 1e-3);
        for (int k = 0; k < Start.Length; k++)
        {
            double probe = Start[k] * (1 + C(sigma0) * (sigmaMid - sigma0));
            Assert.Equal(Start[k] + C(sigmaMid) * probe * (sigma1 - sigma0), sample[k], 1e-5);
        }
    }

    [Fact]
    public void Dpm2AncestralFirstStepIsADpm2StepToSigmaDownPlusSigmaUpNoise()
    {
        var sampler = new Dpm2AncestralSampler(SchedulerConfig.StableDiffusion1, 10);
        double sigma0 = sampler.Sigmas[0], sigma1 = sampler.Sigmas[1];
        float[] fresh = [-0.4f, 0.9f, 1.5f];
        float[] sample = (float[])Start.Clone();

        sampler.Step(0, sample, HalfOfInput, new FixedNoise(fresh));

        double sigmaDown = sigma1 * sigma1 / sigma0;
        double sigmaUp = Math.Sqrt(sigma1 * sigma1 - sigmaDown * sigmaDown);
        double sigmaMid = Math.Sqrt(sigma0 * sigmaDown);
        for (int k = 0; k < Start.Length; k++)
        {
            double probe = Start[k] * (1 + C(sigma0) * (sigmaMid - sigma0));
            double expected = Start[k] + C(sigmaMid) * probe * (sigmaDown - sigma0) + sigmaUp * fresh[k];
            Assert.Equal(expected, sample[k], 1e-5);
        }
    }

    [Fact]
    public void DpmPlusPlus2MTakesAFirstOrderThenASecondOrderStep()
    {
        var sampler = new DpmPlusPlus2MSampler(SchedulerConfig.StableDiffusion1, 10);
        double sigma0 = sampler.Sigmas[0], sigma1 = sampler.Sigmas[1], sigma2 = sampler.Sigmas[2];
        Assert.Equal(4.6092, sigma2, 1e-4);
        float[] sample = (float[])Start.Clone();

        sampler.Step(0, sample, HalfOfInput, new ForbiddenNoise());
        float[] afterFirst = (float[])sample.Clone();
        sampler.Step(1, sample, HalfOfInput, new ForbiddenNoise());

        // t = −ln σ, h = t_next − t, e^{−h} = σ_next/σ. First order: x1 = (σ1/σ0)·x + (1 − σ1/σ0)·D0.
        // Second order: r = h_last/h = ln(σ0/σ1)/ln(σ1/σ2), D = (1 + 1/(2r))·D1 − D0/(2r),
        // x2 = (σ2/σ1)·x1 + (1 − σ2/σ1)·D.
        double r = Math.Log(sigma0 / sigma1) / Math.Log(sigma1 / sigma2);
        for (int k = 0; k < Start.Length; k++)
        {
            double d0 = (1 - sigma0 * C(sigma0)) * Start[k];
            double x1 = sigma1 / sigma0 * Start[k] + (1 - sigma1 / sigma0) * d0;
            Assert.Equal(x1, afterFirst[k], 1e-5);

            double d1 = (1 - sigma1 * C(sigma1)) * x1;
            double extrapolated = (1 + 1 / (2 * r)) * d1 - d0 / (2 * r);
            double x2 = sigma2 / sigma1 * x1 + (1 - sigma2 / sigma1) * extrapolated;
            Assert.Equal(x2, sample[k], 1e-5);
        }
    }

    [Fact]
    public void DpmPlusPlus2MStartsFirstOrderAtAnImg2ImgStartIndex()
    {
        // The history belongs to this run: starting at step 5, there is no earlier estimate to extrapolate from.
        var sampler = new DpmPlusPlus2MSampler(SchedulerConfig.StableDiffusion1, 10);
        double sigma5 = sampler.Sigmas[5], sigma6 = sampler.Sigmas[6];
        float[] sample = (float[])Start.Clone();

        sampler.Step(5, sample, HalfOfInput, new ForbiddenNoise());

        for (int k = 0; k < Start.Length; k++)
        {
            double d5 = (1 - sigma5 * C(sigma5)) * Start[k];
            Assert.Equal(sigma6 / sigma5 * Start[k] + (1 - sigma6 / sigma5) * d5, sample[k], 1e-5);
        }
    }

    [Fact]
    public void DpmPlusPlus2MLastStepLandsOnItsEstimateEvenWithHistory()
    {
        var sampler = new DpmPlusPlus2MSampler(SchedulerConfig.StableDiffusion1, 10);
        double sigma9 = sampler.Sigmas[9];
        float[] sample = (float[])Start.Clone();
        sampler.Step(8, sample, HalfOfInput, new ForbiddenNoise());
        float[] beforeLast = (float[])sample.Clone();

        float[] denoised = sampler.Step(9, sample, HalfOfInput, new ForbiddenNoise());

        for (int k = 0; k < Start.Length; k++)
        {
            Assert.Equal((1 - sigma9 * C(sigma9)) * beforeLast[k], sample[k], 1e-6);
            Assert.Equal(denoised[k], sample[k]);
        }
    }
}

using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// k-diffusion's Heun sampler (k_heun, Karras et al. 2022 Algorithm 2 without churn): an Euler predictor to
/// σ_{i+1}, then the step taken with the average of the slopes at σ_i and at the predicted point. The step to
/// σ = 0 is a plain Euler step, because the slope there would divide by zero.
/// </summary>
/// <remarks>
/// Deterministic: the step's noise generator is never drawn from. A step returns the x0 estimate at σ_i, the one
/// k-diffusion reports to its callback.
/// </remarks>
public sealed class HeunSampler : SigmaSampler
{
    public HeunSampler(SchedulerConfig config, int steps, bool useKarrasSigmas = false)
        : base(config, steps, useKarrasSigmas)
    {
    }

    public override string Name => "k_heun";

    /// <summary>The most times one step calls the model (the last step calls it once).</summary>
    public override int ModelCallsPerStep => 2;

    private protected override void Advance(
        int stepIndex, float[] sample, float[] denoised, double sigma, double sigmaNext,
        ModelFunction model, IGaussianNoiseGenerator noise)
    {
        if (sigmaNext == 0)
        {
            SigmaStepMath.EulerInPlace(sample, denoised, sigma, sigmaNext);
            return;
        }

        float[] predicted = SigmaStepMath.EulerTo(sample, denoised, sigma, sigmaNext, ProbeBuffer(sample.Length));
        // σ_{i+1} > 0 means step i + 1 exists, so the plan already holds its timestep.
        float[] predictedDenoised = DenoiseAtStep(model, predicted, stepIndex + 1);
        ApplyAveragedSlope(sample, denoised, predicted, predictedDenoised, sigma, sigmaNext);
    }

    private static void ApplyAveragedSlope(
        float[] sample, float[] denoised, float[] predicted, float[] predictedDenoised, double sigma, double sigmaNext)
    {
        double step = sigmaNext - sigma;
        for (int k = 0; k < sample.Length; k++)
        {
            double slope = (sample[k] - (double)denoised[k]) / sigma;
            double predictedSlope = (predicted[k] - (double)predictedDenoised[k]) / sigmaNext;
            sample[k] = (float)(sample[k] + (slope + predictedSlope) / 2 * step);
        }
    }
}

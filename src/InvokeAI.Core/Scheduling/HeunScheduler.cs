using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// k-diffusion's Heun sampler (k_heun, Karras et al. 2022 Algorithm 2 without churn): an Euler predictor to
/// σ_{i+1}, then the step taken with the average of the slopes at σ_i and at the predicted point. The step to
/// σ = 0 is a plain Euler step, because the slope there would divide by zero.
/// </summary>
public sealed class HeunScheduler : IScheduler
{
    private readonly SigmaSamplerCore _core;

    public HeunScheduler(SchedulerConfig config, int steps, bool useKarrasSigmas = false)
    {
        _core = new SigmaSamplerCore(config, steps, useKarrasSigmas);
    }

    public string Name => "k_heun";

    /// <summary>The most times one step calls the model (the last step calls it once).</summary>
    public int ModelCallsPerStep => 2;

    public IReadOnlyList<double> Timesteps => _core.Timesteps;

    public IReadOnlyList<double> Sigmas => _core.Sigmas;

    public void AddNoise(float[] latent, float[] noise, int stepIndex) => _core.AddNoise(latent, noise, stepIndex);

    /// <remarks>
    /// Deterministic: <paramref name="noise"/> is never drawn from. Returns the x0 estimate at σ_i, the one
    /// k-diffusion reports to its callback.
    /// </remarks>
    public float[] Step(int stepIndex, float[] sample, ModelFunction model, IGaussianNoiseGenerator noise)
    {
        _core.BeginStep(stepIndex, sample, model);
        double sigma = _core.Sigmas[stepIndex];
        double sigmaNext = _core.Sigmas[stepIndex + 1];

        float[] denoised = _core.DenoiseAtStep(model, sample, stepIndex);
        if (sigmaNext == 0)
        {
            SigmaStepMath.EulerInPlace(sample, denoised, sigma, sigmaNext);
        }
        else
        {
            float[] predicted = SigmaStepMath.EulerTo(sample, denoised, sigma, sigmaNext);
            // σ_{i+1} > 0 means step i + 1 exists, so the plan already holds its timestep.
            float[] predictedDenoised = _core.DenoiseAtStep(model, predicted, stepIndex + 1);
            ApplyAveragedSlope(sample, denoised, predicted, predictedDenoised, sigma, sigmaNext);
        }

        _core.EndStep(stepIndex, sample);
        return denoised;
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

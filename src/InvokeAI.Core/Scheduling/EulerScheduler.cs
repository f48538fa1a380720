using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// k-diffusion's Euler sampler (k_euler): one first-order step of the probability-flow ODE per model call,
/// x ← x + d·(σ_{i+1} − σ_i) with d = (x − x0)/σ_i.
/// </summary>
public sealed class EulerScheduler : IScheduler
{
    private readonly SigmaSamplerCore _core;

    public EulerScheduler(SchedulerConfig config, int steps, bool useKarrasSigmas = false)
    {
        _core = new SigmaSamplerCore(config, steps, useKarrasSigmas);
    }

    public string Name => "k_euler";

    /// <summary>The most times one step calls the model.</summary>
    public int ModelCallsPerStep => 1;

    public IReadOnlyList<double> Timesteps => _core.Timesteps;

    public IReadOnlyList<double> Sigmas => _core.Sigmas;

    public void AddNoise(float[] latent, float[] noise, int stepIndex) => _core.AddNoise(latent, noise, stepIndex);

    /// <remarks>
    /// Deterministic: <paramref name="noise"/> is never drawn from. k-diffusion draws (and discards) a randn per
    /// step for its optional "churn", which InvokeAI never enabled; not drawing leaves the output the same.
    /// </remarks>
    public float[] Step(int stepIndex, float[] sample, ModelFunction model, IGaussianNoiseGenerator noise)
    {
        _core.BeginStep(stepIndex, sample, model);
        double sigma = _core.Sigmas[stepIndex];
        double sigmaNext = _core.Sigmas[stepIndex + 1];

        float[] denoised = _core.DenoiseAtStep(model, sample, stepIndex);
        SigmaStepMath.EulerInPlace(sample, denoised, sigma, sigmaNext);

        _core.EndStep(stepIndex, sample);
        return denoised;
    }
}

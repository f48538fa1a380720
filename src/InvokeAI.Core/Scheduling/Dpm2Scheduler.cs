using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// k-diffusion's sample_dpm_2 (k_dpm_2): a second-order step that takes its slope at the log-σ midpoint
/// between σ_i and σ_{i+1} (see <see cref="Dpm2MidpointStep"/>); the step to σ = 0 is a plain Euler step, as
/// there is no midpoint in log σ.
/// </summary>
public sealed class Dpm2Scheduler : IScheduler
{
    private readonly SigmaSamplerCore _core;

    public Dpm2Scheduler(SchedulerConfig config, int steps, bool useKarrasSigmas = false)
    {
        _core = new SigmaSamplerCore(config, steps, useKarrasSigmas);
    }

    public string Name => "k_dpm_2";

    /// <summary>The most times one step calls the model (the last step calls it once).</summary>
    public int ModelCallsPerStep => 2;

    public IReadOnlyList<double> Timesteps => _core.Timesteps;

    public IReadOnlyList<double> Sigmas => _core.Sigmas;

    public void AddNoise(float[] latent, float[] noise, int stepIndex) => _core.AddNoise(latent, noise, stepIndex);

    /// <remarks>
    /// Deterministic: <paramref name="noise"/> is never drawn from. The midpoint call goes to the fractional
    /// timestep of σ_mid. Returns the x0 estimate at σ_i.
    /// </remarks>
    public float[] Step(int stepIndex, float[] sample, ModelFunction model, IGaussianNoiseGenerator noise)
    {
        _core.BeginStep(stepIndex, sample, model);
        double sigma = _core.Sigmas[stepIndex];
        double sigmaNext = _core.Sigmas[stepIndex + 1];

        float[] denoised = _core.DenoiseAtStep(model, sample, stepIndex);
        if (sigmaNext == 0)
            SigmaStepMath.EulerInPlace(sample, denoised, sigma, sigmaNext);
        else
            Dpm2MidpointStep.Apply(_core, model, sample, denoised, sigma, sigmaNext);

        _core.EndStep(stepIndex, sample);
        return denoised;
    }
}

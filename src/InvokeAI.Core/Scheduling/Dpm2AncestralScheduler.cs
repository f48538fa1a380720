using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// k-diffusion's sample_dpm_2_ancestral (k_dpm_2_a): a DPM2 midpoint step down to σ_down, then fresh noise of
/// size σ_up (see <see cref="AncestralStep"/>); when σ_down = 0 (the last step) a plain Euler step and no noise.
/// </summary>
public sealed class Dpm2AncestralScheduler : IScheduler
{
    private readonly SigmaSamplerCore _core;

    public Dpm2AncestralScheduler(SchedulerConfig config, int steps, bool useKarrasSigmas = false)
    {
        _core = new SigmaSamplerCore(config, steps, useKarrasSigmas);
    }

    public string Name => "k_dpm_2_a";

    /// <summary>The most times one step calls the model (the last step calls it once).</summary>
    public int ModelCallsPerStep => 2;

    public IReadOnlyList<double> Timesteps => _core.Timesteps;

    public IReadOnlyList<double> Sigmas => _core.Sigmas;

    public void AddNoise(float[] latent, float[] noise, int stepIndex) => _core.AddNoise(latent, noise, stepIndex);

    /// <remarks>
    /// Draws one <c>Randn(sample.Length)</c> from <paramref name="noise"/> on every step except the last, after
    /// both model calls. Returns the x0 estimate at σ_i.
    /// </remarks>
    public float[] Step(int stepIndex, float[] sample, ModelFunction model, IGaussianNoiseGenerator noise)
    {
        _core.BeginStep(stepIndex, sample, model);
        ArgumentNullException.ThrowIfNull(noise);
        double sigma = _core.Sigmas[stepIndex];
        double sigmaNext = _core.Sigmas[stepIndex + 1];

        float[] denoised = _core.DenoiseAtStep(model, sample, stepIndex);
        var (sigmaDown, sigmaUp) = AncestralStep.Split(sigma, sigmaNext);
        if (sigmaDown == 0)
        {
            SigmaStepMath.EulerInPlace(sample, denoised, sigma, sigmaDown);
        }
        else
        {
            Dpm2MidpointStep.Apply(_core, model, sample, denoised, sigma, sigmaDown);
            AncestralStep.AddFreshNoise(sample, noise, sigmaUp);
        }

        _core.EndStep(stepIndex, sample);
        return denoised;
    }
}

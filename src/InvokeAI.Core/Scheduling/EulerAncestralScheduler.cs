using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// k-diffusion's ancestral Euler sampler (k_euler_a): an Euler step down to σ_down, then fresh noise of size σ_up
/// so the sample reaches σ_{i+1} (see <see cref="AncestralStep"/>). The result depends on the noise generator.
/// </summary>
public sealed class EulerAncestralScheduler : IScheduler
{
    private readonly SigmaSamplerCore _core;

    public EulerAncestralScheduler(SchedulerConfig config, int steps, bool useKarrasSigmas = false)
    {
        _core = new SigmaSamplerCore(config, steps, useKarrasSigmas);
    }

    public string Name => "k_euler_a";

    /// <summary>The most times one step calls the model.</summary>
    public int ModelCallsPerStep => 1;

    public IReadOnlyList<double> Timesteps => _core.Timesteps;

    public IReadOnlyList<double> Sigmas => _core.Sigmas;

    public void AddNoise(float[] latent, float[] noise, int stepIndex) => _core.AddNoise(latent, noise, stepIndex);

    /// <remarks>Draws one <c>Randn(sample.Length)</c> from <paramref name="noise"/> on every step except the last (σ_{i+1} = 0).</remarks>
    public float[] Step(int stepIndex, float[] sample, ModelFunction model, IGaussianNoiseGenerator noise)
    {
        _core.BeginStep(stepIndex, sample, model);
        ArgumentNullException.ThrowIfNull(noise);
        double sigma = _core.Sigmas[stepIndex];
        double sigmaNext = _core.Sigmas[stepIndex + 1];

        float[] denoised = _core.DenoiseAtStep(model, sample, stepIndex);
        var (sigmaDown, sigmaUp) = AncestralStep.Split(sigma, sigmaNext);
        SigmaStepMath.EulerInPlace(sample, denoised, sigma, sigmaDown);
        if (sigmaNext > 0) AncestralStep.AddFreshNoise(sample, noise, sigmaUp);

        _core.EndStep(stepIndex, sample);
        return denoised;
    }
}

using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// k-diffusion's sample_dpm_2 (k_dpm_2): a second-order step that takes its slope at the log-σ midpoint
/// between σ_i and σ_{i+1} (see <see cref="Dpm2MidpointStep"/>); the step to σ = 0 is a plain Euler step, as
/// there is no midpoint in log σ.
/// </summary>
/// <remarks>
/// Deterministic: the step's noise generator is never drawn from. The midpoint call goes to the fractional
/// timestep of σ_mid. A step returns the x0 estimate at σ_i.
/// </remarks>
public sealed class Dpm2Sampler : SigmaSampler
{
    public Dpm2Sampler(SchedulerConfig config, int steps, bool useKarrasSigmas = false)
        : base(config, steps, useKarrasSigmas)
    {
    }

    public override string Name => "k_dpm_2";

    /// <summary>The most times one step calls the model (the last step calls it once).</summary>
    public override int ModelCallsPerStep => 2;

    private protected override void Advance(
        int stepIndex, float[] sample, float[] denoised, double sigma, double sigmaNext,
        ModelFunction model, IGaussianNoiseGenerator noise)
    {
        if (sigmaNext == 0)
            SigmaStepMath.EulerInPlace(sample, denoised, sigma, sigmaNext);
        else
            Dpm2MidpointStep.Apply(this, model, sample, denoised, sigma, sigmaNext);
    }
}

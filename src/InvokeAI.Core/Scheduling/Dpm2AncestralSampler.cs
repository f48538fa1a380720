using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// k-diffusion's sample_dpm_2_ancestral (k_dpm_2_a): a DPM2 midpoint step down to σ_down, then fresh noise of
/// size σ_up (see <see cref="AncestralStep"/>); when σ_down = 0 (the last step) a plain Euler step and no noise.
/// </summary>
/// <remarks>
/// Draws one <c>Randn(sample.Length)</c> from the step's noise generator on every step except the last, after
/// both model calls. A step returns the x0 estimate at σ_i.
/// </remarks>
public sealed class Dpm2AncestralSampler : SigmaSampler
{
    public Dpm2AncestralSampler(SchedulerConfig config, int steps, bool useKarrasSigmas = false)
        : base(config, steps, useKarrasSigmas)
    {
    }

    public override string Name => "k_dpm_2_a";

    /// <summary>The most times one step calls the model (the last step calls it once).</summary>
    public override int ModelCallsPerStep => 2;

    private protected override bool DrawsNoise => true;

    private protected override void Advance(
        int stepIndex, float[] sample, float[] denoised, double sigma, double sigmaNext,
        ModelFunction model, IGaussianNoiseGenerator noise)
    {
        var (sigmaDown, sigmaUp) = AncestralStep.Split(sigma, sigmaNext);
        if (sigmaDown == 0)
        {
            SigmaStepMath.EulerInPlace(sample, denoised, sigma, sigmaDown);
        }
        else
        {
            Dpm2MidpointStep.Apply(this, model, sample, denoised, sigma, sigmaDown);
            AncestralStep.AddFreshNoise(sample, noise, sigmaUp);
        }
    }
}

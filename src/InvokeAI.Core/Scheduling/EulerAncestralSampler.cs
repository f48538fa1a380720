using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// k-diffusion's ancestral Euler sampler (k_euler_a): an Euler step down to σ_down, then fresh noise of size σ_up
/// so the sample reaches σ_{i+1} (see <see cref="AncestralStep"/>). The result depends on the noise generator.
/// </summary>
/// <remarks>Draws one <c>Randn(sample.Length)</c> from the step's noise generator on every step except the last (σ_{i+1} = 0).</remarks>
public sealed class EulerAncestralSampler : SigmaSampler
{
    public EulerAncestralSampler(SchedulerConfig config, int steps, bool useKarrasSigmas = false)
        : base(config, steps, useKarrasSigmas)
    {
    }

    public override string Name => "k_euler_a";

    /// <summary>The most times one step calls the model.</summary>
    public override int ModelCallsPerStep => 1;

    private protected override bool DrawsNoise => true;

    private protected override void Advance(
        int stepIndex, float[] sample, float[] denoised, double sigma, double sigmaNext,
        ModelFunction model, IGaussianNoiseGenerator noise)
    {
        var (sigmaDown, sigmaUp) = AncestralStep.Split(sigma, sigmaNext);
        SigmaStepMath.EulerInPlace(sample, denoised, sigma, sigmaDown);
        if (sigmaNext > 0) AncestralStep.AddFreshNoise(sample, noise, sigmaUp);
    }
}

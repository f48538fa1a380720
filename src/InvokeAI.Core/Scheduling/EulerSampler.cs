using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// k-diffusion's Euler sampler (k_euler): one first-order step of the probability-flow ODE per model call,
/// x ← x + d·(σ_{i+1} − σ_i) with d = (x − x0)/σ_i.
/// </summary>
/// <remarks>
/// Deterministic: the step's noise generator is never drawn from. k-diffusion draws (and discards) a randn per
/// step for its optional "churn", which InvokeAI never enabled; not drawing leaves the output the same.
/// </remarks>
public sealed class EulerSampler : SigmaSampler
{
    public EulerSampler(SchedulerConfig config, int steps, bool useKarrasSigmas = false)
        : base(config, steps, useKarrasSigmas)
    {
    }

    public override string Name => "k_euler";

    /// <summary>The most times one step calls the model.</summary>
    public override int ModelCallsPerStep => 1;

    private protected override void Advance(
        int stepIndex, float[] sample, float[] denoised, double sigma, double sigmaNext,
        ModelFunction model, IGaussianNoiseGenerator noise) =>
        SigmaStepMath.EulerInPlace(sample, denoised, sigma, sigmaNext);
}

using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// k-diffusion's sample_dpmpp_2m (k_dpmpp_2m), DPM-Solver++(2M): an exact exponential-integrator step in
/// t = −ln σ on the x0 prediction, x ← (σ_{i+1}/σ_i)·x + (1 − σ_{i+1}/σ_i)·D, where D is this step's x0
/// (first order) or, from the second step of a run, x0 extrapolated linearly in t from this step's and the
/// previous step's x0 (second order, one model call per step).
/// </summary>
/// <remarks>Deterministic: the step's noise generator is never drawn from.</remarks>
public sealed class DpmPlusPlus2MSampler : SigmaSampler
{
    // The previous step's x0, copied so that a caller editing the returned preview cannot change the next step;
    // null until this instance has run a step, so an img2img run starts first-order at whatever index it starts.
    private float[]? _previousDenoised;

    public DpmPlusPlus2MSampler(SchedulerConfig config, int steps, bool useKarrasSigmas = false)
        : base(config, steps, useKarrasSigmas)
    {
    }

    public override string Name => "k_dpmpp_2m";

    /// <summary>The most times one step calls the model.</summary>
    public override int ModelCallsPerStep => 1;

    private protected override void Advance(
        int stepIndex, float[] sample, float[] denoised, double sigma, double sigmaNext,
        ModelFunction model, IGaussianNoiseGenerator noise)
    {
        if (sigmaNext == 0)
        {
            // k-diffusion's first-order formula in the limit t_next → ∞: the ratio σ_{i+1}/σ_i is 0 and
            // −expm1(−h) is 1, so the sample becomes x0. Written out because ln 0 is not a number.
            denoised.AsSpan().CopyTo(sample);
        }
        else if (_previousDenoised is null)
        {
            ApplyFirstOrder(sample, denoised, sigmaNext / sigma);
        }
        else
        {
            // h = t_{i+1} − t_i and h_last = t_i − t_{i−1} with t = −ln σ; the previous step was i − 1 because
            // steps run consecutively.
            double h = Math.Log(sigma) - Math.Log(sigmaNext);
            double hLast = Math.Log(PlanSigmas[stepIndex - 1]) - Math.Log(sigma);
            ApplySecondOrder(sample, denoised, _previousDenoised, sigmaNext / sigma, hLast / h);
        }

        RememberDenoised(denoised);
    }

    /// <summary>x ← ratio·x + (1 − ratio)·x0, where ratio = σ_{i+1}/σ_i = e^{−h}.</summary>
    private static void ApplyFirstOrder(float[] sample, float[] denoised, double ratio)
    {
        double denoisedWeight = 1 - ratio;
        for (int k = 0; k < sample.Length; k++)
            sample[k] = (float)(ratio * sample[k] + denoisedWeight * denoised[k]);
    }

    /// <summary>
    /// As the first-order update with x0 replaced by D = (1 + 1/(2r))·x0 − 1/(2r)·x0_prev, r = h_last/h: the
    /// midpoint value of the line through the two x0 estimates in t.
    /// </summary>
    private static void ApplySecondOrder(float[] sample, float[] denoised, float[] previousDenoised, double ratio, double r)
    {
        double denoisedWeight = 1 - ratio;
        double previousShare = 1 / (2 * r);
        double currentShare = 1 + previousShare;
        for (int k = 0; k < sample.Length; k++)
        {
            double extrapolated = currentShare * denoised[k] - previousShare * previousDenoised[k];
            sample[k] = (float)(ratio * sample[k] + denoisedWeight * extrapolated);
        }
    }

    private void RememberDenoised(float[] denoised)
    {
        // One buffer for the whole run, reused from the second step on.
        _previousDenoised ??= new float[denoised.Length];
        denoised.AsSpan().CopyTo(_previousDenoised);
    }
}

using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// k-diffusion's linear multistep sampler (k_lms, InvokeAI's default): an Adams–Bashforth method in σ that
/// integrates the probability-flow ODE dx/dσ = (x − x0)/σ using up to the last four slopes.
/// </summary>
/// <remarks>
/// LMS is deterministic: the step's noise generator is never drawn from. A step that does not follow the previous
/// one is rejected (by the base): the slope history assumes consecutive steps.
/// </remarks>
public sealed class LmsSampler : SigmaSampler
{
    /// <summary>The most slopes one step combines.</summary>
    public const int MaxOrder = 4;

    // The slopes d = (x − x0)/σ of the steps run so far, oldest first, at most MaxOrder of them.
    private readonly List<float[]> _slopes = new(MaxOrder);

    public LmsSampler(SchedulerConfig config, int steps, bool useKarrasSigmas = false)
        : base(config, steps, useKarrasSigmas)
    {
    }

    public override string Name => "k_lms";

    /// <summary>The most times one step calls the model.</summary>
    public override int ModelCallsPerStep => 1;

    private protected override void Advance(
        int stepIndex, float[] sample, float[] denoised, double sigma, double sigmaNext,
        ModelFunction model, IGaussianNoiseGenerator noise)
    {
        RememberSlope(sample, denoised, sigma);

        // Order by the slopes this run has actually produced, as k-diffusion's sample_lms (which InvokeAI 2.x
        // ran on the img2img tail of the σ list) does. diffusers instead takes min(step_index + 1, 4) with the
        // absolute index, so an img2img run starting at i ≥ 3 builds fourth-order weights on its first step yet
        // applies only the newest one (zip truncates to the single stored slope): weights that do not sum to
        // σ_{i+1} − σ_i, so even a perfect denoiser would not land on x0.
        int order = Math.Min(_slopes.Count, MaxOrder);
        ApplyMultistep(sample, Coefficients(stepIndex, order));
    }

    /// <summary>
    /// The weights of the slopes d_i, d_{i−1}, … for step <paramref name="stepIndex"/> at the given order:
    /// c_j = ∫ from σ_i to σ_{i+1} of the Lagrange basis polynomial that is 1 at σ_{i−j} and 0 at the other
    /// σ_{i−k}, k &lt; order.
    /// </summary>
    public IReadOnlyList<double> GetCoefficients(int stepIndex, int order) => Coefficients(stepIndex, order);

    private double[] Coefficients(int stepIndex, int order)
    {
        if ((uint)stepIndex >= (uint)StepCount)
            throw new ArgumentOutOfRangeException(nameof(stepIndex), stepIndex, $"Step index must be between 0 and {StepCount - 1}.");
        if (order < 1 || order > MaxOrder || order > stepIndex + 1)
            throw new ArgumentOutOfRangeException(nameof(order), order,
                $"Order must be between 1 and {Math.Min(MaxOrder, stepIndex + 1)} at step {stepIndex}.");

        var coefficients = new double[order];
        for (int j = 0; j < order; j++) coefficients[j] = IntegrateLagrangeBasis(stepIndex, order, j);
        return coefficients;
    }

    private double IntegrateLagrangeBasis(int stepIndex, int order, int basisIndex)
    {
        // The basis polynomial has degree order − 1 ≤ 3, and the 2-point Gauss–Legendre rule is exact up to
        // degree 3: the integral is exact (to rounding) without any adaptive quadrature.
        double from = PlanSigmas[stepIndex];
        double to = PlanSigmas[stepIndex + 1];
        double halfWidth = (to - from) / 2;
        double middle = (from + to) / 2;
        double offset = halfWidth / Math.Sqrt(3);

        return halfWidth * (LagrangeBasis(middle - offset, stepIndex, order, basisIndex)
                          + LagrangeBasis(middle + offset, stepIndex, order, basisIndex));
    }

    private double LagrangeBasis(double tau, int stepIndex, int order, int basisIndex)
    {
        double[] sigmas = PlanSigmas;
        double node = sigmas[stepIndex - basisIndex];
        double product = 1;
        for (int k = 0; k < order; k++)
        {
            if (k == basisIndex) continue;
            double other = sigmas[stepIndex - k];
            product *= (tau - other) / (node - other);
        }
        return product;
    }

    private void RememberSlope(float[] sample, float[] denoised, double sigma)
    {
        // Reuse the oldest buffer once the history is full, so a render allocates at most MaxOrder slopes.
        float[] slope;
        if (_slopes.Count == MaxOrder)
        {
            slope = _slopes[0];
            _slopes.RemoveAt(0);
        }
        else
        {
            slope = new float[sample.Length];
        }

        for (int k = 0; k < sample.Length; k++) slope[k] = (float)((sample[k] - denoised[k]) / sigma);
        _slopes.Add(slope);
    }

    private void ApplyMultistep(float[] sample, double[] coefficients)
    {
        // coefficients[j] weighs the slope j steps back. The slopes are taken out of the list newest first into an
        // array once per step, so the per-element loop indexes plain arrays; the sum keeps its order (j = 0 up).
        var slopes = new float[coefficients.Length][];
        for (int j = 0; j < slopes.Length; j++) slopes[j] = _slopes[_slopes.Count - 1 - j];

        for (int k = 0; k < sample.Length; k++)
        {
            double change = 0;
            for (int j = 0; j < coefficients.Length; j++) change += coefficients[j] * slopes[j][k];
            sample[k] = (float)(sample[k] + change);
        }
    }
}

using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// k-diffusion's linear multistep sampler (k_lms, InvokeAI's default): an Adams–Bashforth method in σ that
/// integrates the probability-flow ODE dx/dσ = (x − x0)/σ using up to the last four slopes.
/// </summary>
public sealed class LmsScheduler : IScheduler
{
    /// <summary>The most slopes one step combines.</summary>
    public const int MaxOrder = 4;

    private readonly string _predictionType;
    private readonly double[] _timesteps;
    private readonly double[] _sigmas;

    // The slopes d = (x − x0)/σ of the steps run so far, oldest first, at most MaxOrder of them.
    private readonly List<float[]> _slopes = new(MaxOrder);
    private int _lastStepIndex = -1;

    public LmsScheduler(SchedulerConfig config, int steps, bool useKarrasSigmas = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        PredictionConversion.EnsureSupported(config.PredictionType);
        _predictionType = config.PredictionType;

        var plan = SigmaSchedule.Create(config, steps, useKarrasSigmas, SigmaSchedule.Linspace);
        _timesteps = plan.Timesteps.ToArray();
        _sigmas = plan.Sigmas.ToArray();
    }

    public string Name => "k_lms";

    public int Order => MaxOrder;

    public IReadOnlyList<double> Timesteps => _timesteps;

    public IReadOnlyList<double> Sigmas => _sigmas;

    public void AddNoise(float[] latent, float[] noise, int stepIndex)
    {
        ArgumentNullException.ThrowIfNull(latent);
        ArgumentNullException.ThrowIfNull(noise);
        if (noise.Length != latent.Length)
            throw new ArgumentException($"Noise has {noise.Length} values, the latent {latent.Length}.", nameof(noise));
        // Index n (σ = 0) is allowed so strength 0, which runs no steps, needs no special case.
        if ((uint)stepIndex > (uint)_timesteps.Length)
            throw new ArgumentOutOfRangeException(nameof(stepIndex), stepIndex, $"Step index must be between 0 and {_timesteps.Length}.");

        double sigma = _sigmas[stepIndex];
        for (int k = 0; k < latent.Length; k++) latent[k] = (float)(latent[k] + sigma * noise[k]);
    }

    /// <remarks>LMS is deterministic: <paramref name="noise"/> is never drawn from.</remarks>
    public float[] Step(int stepIndex, float[] sample, ModelFunction model, IGaussianNoiseGenerator noise)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(model);
        if ((uint)stepIndex >= (uint)_timesteps.Length)
            throw new ArgumentOutOfRangeException(nameof(stepIndex), stepIndex, $"Step index must be between 0 and {_timesteps.Length - 1}.");
        // The slope history only means something for consecutive steps; the first call may start anywhere
        // (img2img), every later one must be the next index.
        if (_lastStepIndex >= 0 && stepIndex != _lastStepIndex + 1)
            throw new InvalidOperationException($"Step {stepIndex} cannot follow step {_lastStepIndex}: steps run in order.");
        if (_slopes.Count > 0 && _slopes[0].Length != sample.Length)
            throw new ArgumentException($"The sample has {sample.Length} values, earlier steps had {_slopes[0].Length}.", nameof(sample));

        double sigma = _sigmas[stepIndex];
        float[] modelInput = ScaleModelInput(sample, sigma);
        float[] modelOutput = model(modelInput, _timesteps[stepIndex]);
        if (modelOutput is null || modelOutput.Length != sample.Length)
            throw new InvalidOperationException(
                $"The model returned {modelOutput?.Length.ToString() ?? "nothing"} values for a sample of {sample.Length}.");

        float[] denoised = PredictionConversion.ToDenoised(_predictionType, modelOutput, sample, sigma);
        RememberSlope(sample, denoised, sigma);

        // Order by the slopes this run has actually produced, as k-diffusion's sample_lms (which InvokeAI 2.x
        // ran on the img2img tail of the σ list) does. diffusers instead takes min(step_index + 1, 4) with the
        // absolute index, so an img2img run starting at i ≥ 3 builds fourth-order weights on its first step yet
        // applies only the newest one (zip truncates to the single stored slope): weights that do not sum to
        // σ_{i+1} − σ_i, so even a perfect denoiser would not land on x0.
        int order = Math.Min(_slopes.Count, MaxOrder);
        IReadOnlyList<double> coefficients = GetCoefficients(stepIndex, order);
        ApplyMultistep(sample, coefficients);

        _lastStepIndex = stepIndex;
        return denoised;
    }

    /// <summary>
    /// The weights of the slopes d_i, d_{i−1}, … for step <paramref name="stepIndex"/> at the given order:
    /// c_j = ∫ from σ_i to σ_{i+1} of the Lagrange basis polynomial that is 1 at σ_{i−j} and 0 at the other
    /// σ_{i−k}, k &lt; order.
    /// </summary>
    public IReadOnlyList<double> GetCoefficients(int stepIndex, int order)
    {
        if ((uint)stepIndex >= (uint)_timesteps.Length)
            throw new ArgumentOutOfRangeException(nameof(stepIndex), stepIndex, $"Step index must be between 0 and {_timesteps.Length - 1}.");
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
        double from = _sigmas[stepIndex];
        double to = _sigmas[stepIndex + 1];
        double halfWidth = (to - from) / 2;
        double middle = (from + to) / 2;
        double offset = halfWidth / Math.Sqrt(3);

        return halfWidth * (LagrangeBasis(middle - offset, stepIndex, order, basisIndex)
                          + LagrangeBasis(middle + offset, stepIndex, order, basisIndex));
    }

    private double LagrangeBasis(double tau, int stepIndex, int order, int basisIndex)
    {
        double node = _sigmas[stepIndex - basisIndex];
        double product = 1;
        for (int k = 0; k < order; k++)
        {
            if (k == basisIndex) continue;
            double other = _sigmas[stepIndex - k];
            product *= (tau - other) / (node - other);
        }
        return product;
    }

    private static float[] ScaleModelInput(float[] sample, double sigma)
    {
        double scale = 1 / Math.Sqrt(sigma * sigma + 1);
        var scaled = new float[sample.Length];
        for (int k = 0; k < sample.Length; k++) scaled[k] = (float)(sample[k] * scale);
        return scaled;
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

    private void ApplyMultistep(float[] sample, IReadOnlyList<double> coefficients)
    {
        // coefficients[j] weighs the slope j steps back; the newest slope is last in the history.
        int newest = _slopes.Count - 1;
        for (int k = 0; k < sample.Length; k++)
        {
            double change = 0;
            for (int j = 0; j < coefficients.Count; j++) change += coefficients[j] * _slopes[newest - j][k];
            sample[k] = (float)(sample[k] + change);
        }
    }
}

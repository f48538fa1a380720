using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>
/// A stand-in UNet built from a clean-latent rule x0 = D(k, x_k, σ) on the unscaled sample x: it answers in the
/// configured prediction type (ε, v or x0) exactly as a UNet with that rule would, so runs in different
/// prediction types must follow the same trajectory. It records the timestep of every call.
/// </summary>
internal sealed class SyntheticModel
{
    /// <summary>The clean-latent estimate for element k of the unscaled sample x at noise level σ.</summary>
    public delegate double DenoiserRule(int k, double x, double sigma);

    private readonly ISampler _sampler;
    private readonly IReadOnlyList<double> _trainingSigmas;
    private readonly PredictionType _predictionType;
    private readonly DenoiserRule _rule;

    public SyntheticModel(ISampler sampler, SchedulerConfig config, DenoiserRule rule)
    {
        _sampler = sampler;
        _trainingSigmas = NoiseSchedule.FromConfig(config).Sigmas;
        _predictionType = config.PredictionType;
        _rule = rule;
    }

    /// <summary>A model that knows the clean latent: its x0 is <paramref name="clean"/> whatever the input.</summary>
    public static SyntheticModel Perfect(ISampler sampler, SchedulerConfig config, float[] clean) =>
        new(sampler, config, (k, _, _) => clean[k]);

    /// <summary>
    /// A model that is wrong in a σ-dependent way, so the trajectory is not a straight line and every σ a sampler
    /// uses (midpoints included) shows up in the result.
    /// </summary>
    public static SyntheticModel Imperfect(ISampler sampler, SchedulerConfig config, float[] target) =>
        new(sampler, config, (k, x, sigma) => 0.6 * x / (1 + sigma) + 0.3 * target[k]);

    public List<double> CallTimesteps { get; } = [];

    public ModelFunction Function => Invoke;

    /// <summary>
    /// The σ a sampler meant by a timestep: the plan's σ for a plan timestep, otherwise the inverse of log-σ
    /// interpolation of the training σ (how k-diffusion's discrete denoiser maps σ to t).
    /// </summary>
    public double SigmaAt(double timestep)
    {
        for (int i = 0; i < _sampler.Timesteps.Count; i++)
            if (_sampler.Timesteps[i] == timestep) return _sampler.Sigmas[i];

        int low = Math.Min((int)Math.Floor(timestep), _trainingSigmas.Count - 2);
        double weight = timestep - low;
        return Math.Exp((1 - weight) * Math.Log(_trainingSigmas[low]) + weight * Math.Log(_trainingSigmas[low + 1]));
    }

    private float[] Invoke(float[] scaledInput, double timestep)
    {
        CallTimesteps.Add(timestep);
        double sigma = SigmaAt(timestep);
        double alpha = 1 / Math.Sqrt(sigma * sigma + 1);
        var output = new float[scaledInput.Length];
        for (int k = 0; k < output.Length; k++)
        {
            double unscaled = scaledInput[k] / alpha;
            double clean = _rule(k, unscaled, sigma);
            double epsilon = (unscaled - clean) / sigma;
            output[k] = _predictionType switch
            {
                PredictionType.Epsilon => (float)epsilon,
                // v = α·ε − σ_s·x0 in the model's own variables, σ_s = σ·α.
                PredictionType.VPrediction => (float)(alpha * epsilon - sigma * alpha * clean),
                _ => (float)clean,
            };
        }
        return output;
    }
}

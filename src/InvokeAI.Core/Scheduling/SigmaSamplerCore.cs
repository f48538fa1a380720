namespace InvokeAI.Core.Scheduling;

/// <summary>
/// What every k-diffusion σ sampler shares, so that each sampler class holds only its own update rule: the σ plan,
/// noising the init latent, calling the model at a σ and turning its output into x0, and the checks that steps
/// arrive in order on a sample of one size.
/// </summary>
/// <remarks>
/// A composed helper rather than a base class because the samplers are public and sealed while this is an
/// implementation detail; a public class cannot derive from an internal one.
/// </remarks>
internal sealed class SigmaSamplerCore
{
    private readonly string _predictionType;
    private readonly NoiseSchedule _training;
    private readonly double[] _timesteps;
    private readonly double[] _sigmas;

    private int _lastStepIndex = -1;
    private int _sampleLength = -1;

    public SigmaSamplerCore(SchedulerConfig config, int steps, bool useKarrasSigmas)
    {
        ArgumentNullException.ThrowIfNull(config);
        PredictionConversion.EnsureSupported(config.PredictionType);
        _predictionType = config.PredictionType;
        _training = NoiseSchedule.FromConfig(config);

        // linspace is the diffusers default of every σ sampler here (LMS, Euler, Heun, DPM).
        var plan = SigmaSchedule.Create(config, steps, useKarrasSigmas, SigmaSchedule.Linspace);
        _timesteps = plan.Timesteps.ToArray();
        _sigmas = plan.Sigmas.ToArray();
    }

    public IReadOnlyList<double> Timesteps => _timesteps;

    public IReadOnlyList<double> Sigmas => _sigmas;

    public int StepCount => _timesteps.Length;

    /// <summary>x0 + σ_i·noise in place, the noising k-diffusion and diffusers' σ schedulers share.</summary>
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

    /// <summary>
    /// Checks a step before it touches anything: arguments, index range, that it follows the previous step, and
    /// that the sample has the size earlier steps had.
    /// </summary>
    public void BeginStep(int stepIndex, float[] sample, ModelFunction model)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(model);
        if ((uint)stepIndex >= (uint)_timesteps.Length)
            throw new ArgumentOutOfRangeException(nameof(stepIndex), stepIndex, $"Step index must be between 0 and {_timesteps.Length - 1}.");
        // Multistep history only means something for consecutive steps, and a skipped step would silently change
        // the image; the first call may start anywhere (img2img), every later one must be the next index.
        if (_lastStepIndex >= 0 && stepIndex != _lastStepIndex + 1)
            throw new InvalidOperationException($"Step {stepIndex} cannot follow step {_lastStepIndex}: steps run in order.");
        if (_sampleLength >= 0 && sample.Length != _sampleLength)
            throw new ArgumentException($"The sample has {sample.Length} values, earlier steps had {_sampleLength}.", nameof(sample));
    }

    /// <summary>Records a finished step, so the next one can be checked against it.</summary>
    public void EndStep(int stepIndex, float[] sample)
    {
        _lastStepIndex = stepIndex;
        _sampleLength = sample.Length;
    }

    /// <summary>x0 from the model at the plan's σ and timestep of <paramref name="stepIndex"/>.</summary>
    public float[] DenoiseAtStep(ModelFunction model, float[] sample, int stepIndex) =>
        Denoise(model, sample, _sigmas[stepIndex], _timesteps[stepIndex]);

    /// <summary>
    /// x0 from the model at a σ between plan points (DPM2's midpoint), at the timestep k-diffusion's discrete
    /// denoiser gives that σ: log-σ interpolation of the training schedule.
    /// </summary>
    public float[] DenoiseAtSigma(ModelFunction model, float[] sample, double sigma)
    {
        double timestep = SigmaSchedule.TimestepsForSigmas(_training, [sigma])[0];
        return Denoise(model, sample, sigma, timestep);
    }

    private float[] Denoise(ModelFunction model, float[] sample, double sigma, double timestep)
    {
        // The UNet was trained on unit-variance inputs: x = x0 + σ·ε has variance ≈ σ² + 1.
        double scale = 1 / Math.Sqrt(sigma * sigma + 1);
        var modelInput = new float[sample.Length];
        for (int k = 0; k < sample.Length; k++) modelInput[k] = (float)(sample[k] * scale);

        float[] modelOutput = model(modelInput, timestep);
        ModelOutputCheck.EnsureMatches(modelOutput, sample);

        return PredictionConversion.ToDenoised(_predictionType, modelOutput, sample, sigma);
    }
}

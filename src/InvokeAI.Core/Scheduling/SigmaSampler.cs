using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// What every k-diffusion σ sampler shares, so that each sampler class holds only its own update rule: the σ plan,
/// noising the init latent, the checks that steps arrive in order on a sample of one size, and the step itself up
/// to the update: the model called at σ_i and its output turned into x0, which the step returns for previews.
/// </summary>
/// <remarks>
/// Public because the public samplers derive from it (a public class cannot derive from an internal one), but
/// closed: the constructor and the update rule are private protected, so only this assembly adds samplers.
/// </remarks>
public abstract class SigmaSampler : ISampler
{
    private readonly PredictionType _predictionType;
    private readonly NoiseSchedule _training;
    private readonly double[] _timesteps;
    private readonly double[] _sigmas;
    private readonly StepSequence _steps;
    // A step's scratch, reused by every step: the scaled model input, the probe point of a two-call step, and x0 per
    // model call of the step.
    private float[]? _modelInput, _probe;
    private float[]?[]? _denoised;
    private int _callInStep;

    private protected SigmaSampler(SchedulerConfig config, int steps, bool useKarrasSigmas)
    {
        ArgumentNullException.ThrowIfNull(config);
        _predictionType = config.PredictionType;
        _training = NoiseSchedule.FromConfig(config);

        // linspace is the diffusers default of every σ sampler here (LMS, Euler, Heun, DPM).
        var plan = SigmaSchedule.Create(config, steps, useKarrasSigmas, TimestepSpacing.Linspace);
        _timesteps = plan.Timesteps.ToArray();
        _sigmas = plan.Sigmas.ToArray();
        _steps = new StepSequence(_timesteps.Length, inOrder: true);
    }

    public abstract string Name { get; }

    /// <summary>The most times one step calls the model.</summary>
    public abstract int ModelCallsPerStep { get; }

    public IReadOnlyList<double> Timesteps => _timesteps;

    /// <summary>Strength cuts the schedule: the last ⌊n·strength⌋ steps run (<see cref="StrengthSchedule.StartIndex"/>).</summary>
    public int FirstStep(double strength) => StrengthSchedule.StartIndex(Timesteps.Count, strength);

    public IReadOnlyList<double> Sigmas => _sigmas;

    /// <summary>The plan's σ as an array, for the samplers' own arithmetic (never modified).</summary>
    private protected double[] PlanSigmas => _sigmas;

    private protected int StepCount => _timesteps.Length;

    /// <summary>Whether the update draws noise, so <see cref="Step"/> must refuse a null generator up front.</summary>
    private protected virtual bool DrawsNoise => false;

    /// <summary>x0 + σ_i·noise in place, the noising k-diffusion and diffusers' σ schedulers share.</summary>
    public void AddNoise(float[] latent, float[] noise, int stepIndex)
    {
        // Index n (σ = 0) is allowed so strength 0, which runs no steps, needs no special case.
        NoiseArguments.Check(latent, noise, stepIndex, _timesteps.Length);

        double sigma = _sigmas[stepIndex];
        for (int k = 0; k < latent.Length; k++) latent[k] = (float)(latent[k] + sigma * noise[k]);
    }

    /// <remarks>
    /// Every σ sampler's step: the checks, x0 from the model at σ_i, the sampler's update from σ_i to σ_{i+1},
    /// and that x0 returned. Whether <paramref name="noise"/> is drawn from is the sampler's (see its remarks).
    /// </remarks>
    public float[] Step(int stepIndex, float[] sample, ModelFunction model, IGaussianNoiseGenerator noise)
    {
        _steps.Begin(stepIndex, sample, model);
        // Checked before the model runs, so a call that cannot finish costs no UNet evaluation.
        if (DrawsNoise) ArgumentNullException.ThrowIfNull(noise);
        double sigma = _sigmas[stepIndex];
        double sigmaNext = _sigmas[stepIndex + 1];

        _callInStep = 0;
        float[] denoised = DenoiseAtStep(model, sample, stepIndex);
        Advance(stepIndex, sample, denoised, sigma, sigmaNext, model, noise);

        _steps.End(stepIndex, sample);
        return denoised;
    }

    /// <summary>
    /// The sampler's own update: moves <paramref name="sample"/> in place from σ = <paramref name="sigma"/> to
    /// <paramref name="sigmaNext"/>, given its x0 estimate <paramref name="denoised"/> at σ (which it must not
    /// change: it is the step's return value). Further model calls go through <see cref="DenoiseAtStep"/> or
    /// <see cref="DenoiseAtSigma"/>.
    /// </summary>
    private protected abstract void Advance(
        int stepIndex, float[] sample, float[] denoised, double sigma, double sigmaNext,
        ModelFunction model, IGaussianNoiseGenerator noise);

    /// <summary>x0 from the model at the plan's σ and timestep of <paramref name="stepIndex"/>.</summary>
    private protected float[] DenoiseAtStep(ModelFunction model, float[] sample, int stepIndex) =>
        Denoise(model, sample, _sigmas[stepIndex], _timesteps[stepIndex]);

    /// <summary>
    /// x0 from the model at a σ between plan points (DPM2's midpoint), at the timestep k-diffusion's discrete
    /// denoiser gives that σ: log-σ interpolation of the training schedule.
    /// </summary>
    /// <remarks>Internal rather than private protected so <see cref="Dpm2MidpointStep"/>, shared by two samplers, can call it.</remarks>
    internal float[] DenoiseAtSigma(ModelFunction model, float[] sample, double sigma)
    {
        double timestep = SigmaSchedule.TimestepsForSigmas(_training, [sigma])[0];
        return Denoise(model, sample, sigma, timestep);
    }

    private float[] Denoise(ModelFunction model, float[] sample, double sigma, double timestep)
    {
        // The UNet was trained on unit-variance inputs: x = x0 + σ·ε has variance ≈ σ² + 1.
        double scale = 1 / Math.Sqrt(sigma * sigma + 1);
        var modelInput = Buffer(ref _modelInput, sample.Length);
        for (int k = 0; k < sample.Length; k++) modelInput[k] = (float)(sample[k] * scale);

        float[] modelOutput = model(modelInput, timestep);
        StepSequence.EnsureModelOutputMatches(modelOutput, sample);

        // Each model call of a step has its own x0 buffer (Heun and DPM2 use both of theirs), reused by the next step.
        _denoised ??= new float[]?[ModelCallsPerStep];
        var denoised = Buffer(ref _denoised[_callInStep++], sample.Length);
        PredictionConversion.ToDenoised(_predictionType, modelOutput, sample, sigma, denoised);
        return denoised;
    }

    /// <summary>The sample a two-call step (Heun, DPM2) probes the model at: this sampler's, reused by every step.</summary>
    internal float[] ProbeBuffer(int length) => Buffer(ref _probe, length);

    private static float[] Buffer(ref float[]? buffer, int length) =>
        buffer?.Length == length ? buffer : buffer = new float[length];
}

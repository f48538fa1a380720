using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// Latent Consistency Model sampling (Luo et al. 2023) as diffusers v0.25's LCMScheduler runs it: each step maps the
/// sample straight to a clean estimate with the consistency function, then, unless it is the last step, noises that
/// estimate afresh to the next timestep's level. The image is the last step's estimate.
/// </summary>
/// <remarks>
/// <para>
/// One step at timestep t: x0 from the model output as for DDIM (<see cref="DdpmPrediction"/>); the
/// boundary-condition scalings with σ_data = 0.5 and s = timestep_scaling, c_skip = σ_data²/((s·t)² + σ_data²) and
/// c_out = s·t/√((s·t)² + σ_data²); denoised = c_out·x0 + c_skip·x. Then x_next = √ᾱ_next·denoised + √(1−ᾱ_next)·z
/// with one fresh <c>Randn(sample.Length)</c> z, or x_next = denoised on the last step, where diffusers draws
/// nothing. So a run of n steps draws n − 1 times, which keeps the generator stream aligned with diffusers'.
/// </para>
/// <para>
/// Strength is part of the timesteps (<see cref="LcmTimesteps"/>), so the sampler is made for one strength and
/// every step runs: <see cref="FirstStep"/> is 0. The sample is fed to the model unscaled, as for DDIM.
/// </para>
/// <para>
/// x0 is not clipped or thresholded: LCMScheduler's clip_sample and thresholding are off in LCM configs, and
/// latents are not bounded. LCM keeps no history, so steps may run in any order; the last index is the one that
/// draws no noise.
/// </para>
/// </remarks>
public sealed class LcmSampler : ISampler
{
    /// <summary>σ_data of the consistency-model parameterisation, fixed at 0.5 in diffusers and the LCM paper.</summary>
    public const double SigmaData = 0.5;

    private readonly PredictionType _predictionType;
    private readonly double _timestepScaling;
    private readonly double[] _timesteps;
    private readonly double[] _alphasCumprod;
    private readonly double[] _sigmas;
    private readonly StepSequence _steps;

    /// <param name="config">The model's scheduler config; original_inference_steps and timestep_scaling are read from it.</param>
    /// <param name="steps">How many steps run, all of them, whatever the strength.</param>
    /// <param name="strength">The img2img strength (1 for a start from pure noise), which picks the timesteps.</param>
    public LcmSampler(SchedulerConfig config, int steps, double strength = 1.0)
    {
        ArgumentNullException.ThrowIfNull(config);
        var training = NoiseSchedule.FromConfig(config);
        int[] timesteps = LcmTimesteps.For(steps, strength, config.OriginalInferenceSteps, training.TrainTimesteps);

        _predictionType = config.PredictionType;
        _timestepScaling = config.TimestepScaling;
        Strength = strength;
        _timesteps = new double[timesteps.Length];
        _alphasCumprod = new double[timesteps.Length];
        _sigmas = new double[timesteps.Length + 1];
        for (int i = 0; i < timesteps.Length; i++)
        {
            _timesteps[i] = timesteps[i];
            _alphasCumprod[i] = training.AlphasCumprod[timesteps[i]];
            _sigmas[i] = training.Sigmas[timesteps[i]];
        }
        _steps = new StepSequence(timesteps.Length, inOrder: false);
    }

    public string Name => "lcm";

    /// <summary>LCM calls the model once per step.</summary>
    public int ModelCallsPerStep => 1;

    /// <summary>The strength the timesteps were picked for.</summary>
    public double Strength { get; }

    /// <summary>Whole training timesteps, descending (<see cref="LcmTimesteps"/>).</summary>
    public IReadOnlyList<double> Timesteps => _timesteps;

    /// <summary>ᾱ at <see cref="Timesteps"/>[i], the level the sample is at before step i.</summary>
    public IReadOnlyList<double> AlphasCumprod => _alphasCumprod;

    /// <summary>
    /// The k-diffusion equivalent √((1−ᾱ)/ᾱ) at each timestep, then 0 (the last step lands on its clean estimate),
    /// for progress and previews; the maths itself works in ᾱ.
    /// </summary>
    public IReadOnlyList<double> Sigmas => _sigmas;

    /// <summary>0: the strength is already in the timesteps, and all of them run.</summary>
    public int FirstStep(double strength) => 0;

    /// <summary>
    /// (c_skip, c_out) at a timestep: diffusers' get_scalings_for_boundary_condition_discrete. They make the
    /// consistency function the identity at t = 0 (c_skip = 1, c_out = 0) and, with s = 10, nearly x0 elsewhere.
    /// </summary>
    public static (double Skip, double Out) BoundaryScalings(double timestep, double timestepScaling)
    {
        double scaled = timestep * timestepScaling;
        double denominator = scaled * scaled + SigmaData * SigmaData;
        return (SigmaData * SigmaData / denominator, scaled / Math.Sqrt(denominator));
    }

    /// <summary>√ᾱ·x0 + √(1−ᾱ)·noise at <see cref="Timesteps"/>[stepIndex], in place (DDPM's add_noise); index n leaves the latent as is.</summary>
    public void AddNoise(float[] latent, float[] noise, int stepIndex)
    {
        NoiseArguments.Check(latent, noise, stepIndex, _timesteps.Length);
        // After the last step the sample is the clean estimate itself, so index n (inpainting's blend there) is clean.
        if (stepIndex == _timesteps.Length) return;

        double signal = Math.Sqrt(_alphasCumprod[stepIndex]);
        double noiseLevel = Math.Sqrt(1 - _alphasCumprod[stepIndex]);
        for (int k = 0; k < latent.Length; k++) latent[k] = (float)(signal * latent[k] + noiseLevel * noise[k]);
    }

    /// <summary>
    /// Overwrites <paramref name="sample"/> with the next step's sample (the denoised estimate itself on the last
    /// step) and returns the denoised estimate.
    /// </summary>
    public float[] Step(int stepIndex, float[] sample, ModelFunction model, IGaussianNoiseGenerator noise)
    {
        _steps.Begin(stepIndex, sample, model);
        bool isLast = stepIndex == _timesteps.Length - 1;
        // Checked before the model runs, so a call that cannot finish costs no UNet evaluation.
        if (!isLast) ArgumentNullException.ThrowIfNull(noise);

        double timestep = _timesteps[stepIndex];
        double alphaCumprod = _alphasCumprod[stepIndex];
        // A copy, because the sample is overwritten below and the caller's model function may keep its input.
        float[] modelOutput = model((float[])sample.Clone(), timestep);
        StepSequence.EnsureModelOutputMatches(modelOutput, sample);

        var clean = new float[sample.Length];
        var unusedNoiseEstimate = new float[sample.Length];
        DdpmPrediction.Split(_predictionType, modelOutput, sample, alphaCumprod, clean, unusedNoiseEstimate);

        var (skip, scale) = BoundaryScalings(timestep, _timestepScaling);
        var denoised = new float[sample.Length];
        for (int k = 0; k < sample.Length; k++) denoised[k] = (float)(scale * clean[k] + skip * sample[k]);

        if (isLast)
        {
            denoised.CopyTo(sample, 0);
        }
        else
        {
            double alphaCumprodNext = _alphasCumprod[stepIndex + 1];
            double signal = Math.Sqrt(alphaCumprodNext);
            double noiseLevel = Math.Sqrt(1 - alphaCumprodNext);
            float[] fresh = AncestralStep.DrawFreshNoise(noise, sample.Length);
            for (int k = 0; k < sample.Length; k++) sample[k] = (float)(signal * denoised[k] + noiseLevel * fresh[k]);
        }
        _steps.End(stepIndex, sample);
        return denoised;
    }
}

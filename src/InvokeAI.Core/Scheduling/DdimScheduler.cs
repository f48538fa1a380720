using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// DDIM (Song et al. 2020) as diffusers' DDIMScheduler runs it: each step predicts x0 and ε, then jumps to the
/// next timestep's level along ε, adding σ_t·z of fresh noise when η &gt; 0 (η = 1 is DDPM-like).
/// </summary>
/// <remarks>
/// The sample lives in the DDPM parameterisation x = √ᾱ·x0 + √(1−ᾱ)·ε and is the UNet input as is.
/// x0 is never clipped: diffusers' class default clip_sample is true, but Stable Diffusion's configs turn it off
/// and latents are not bounded to [−1, 1].
/// </remarks>
public sealed class DdimScheduler : IScheduler
{
    private readonly string _predictionType;
    private readonly DdpmStepSchedule _schedule;

    /// <param name="eta">0 gives deterministic DDIM, 1 the DDPM posterior variance; values between interpolate.</param>
    public DdimScheduler(SchedulerConfig config, int steps, double eta = 0)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!(eta >= 0 && eta <= 1))
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "Eta must be between 0 (deterministic) and 1 (DDPM-like).");
        PredictionConversion.EnsureSupported(config.PredictionType);

        _predictionType = config.PredictionType;
        _schedule = DdpmStepSchedule.Create(config, steps);
        Eta = eta;
    }

    public string Name => "ddim";

    /// <summary>The weight of the fresh noise each step adds.</summary>
    public double Eta { get; }

    /// <summary>DDIM calls the model once per step.</summary>
    public int ModelCallsPerStep => 1;

    public IReadOnlyList<double> Timesteps => _schedule.Timesteps;

    /// <summary>
    /// √((1−ᾱ)/ᾱ) at each timestep, then 0. With set_alpha_to_one false the run actually ends at ᾱ_0
    /// (σ ≈ 0.029), not at 0; the 0 marks "after the last step" as the interface expects.
    /// </summary>
    public IReadOnlyList<double> Sigmas => _schedule.Sigmas;

    /// <summary>ᾱ at <see cref="Timesteps"/>[i], the level the sample is at before step i.</summary>
    public IReadOnlyList<double> AlphasCumprod => _schedule.AlphasCumprod;

    /// <summary>ᾱ of the level step i lands on (diffusers' alpha_prod_t_prev); the last is 1 or ᾱ_0 by set_alpha_to_one.</summary>
    public IReadOnlyList<double> AlphasCumprodAfter => _schedule.AlphasCumprodAfter;

    /// <summary>√ᾱ·x0 + √(1−ᾱ)·noise at <see cref="Timesteps"/>[stepIndex], in place; index n leaves the latent as is.</summary>
    public void AddNoise(float[] latent, float[] noise, int stepIndex) => _schedule.AddNoise(latent, noise, stepIndex);

    /// <remarks>
    /// DDIM keeps no history, so steps may run in any order. With η &gt; 0 it draws <c>sample.Length</c> values
    /// from <paramref name="noise"/> once on every step, the last included even where σ_t is 0 there
    /// (set_alpha_to_one): diffusers draws whenever η &gt; 0, so the generator stream stays aligned with it.
    /// With η = 0 nothing is drawn (CompVis draws and multiplies by 0 on every step; that only shifts its global
    /// stream).
    /// </remarks>
    public float[] Step(int stepIndex, float[] sample, ModelFunction model, IGaussianNoiseGenerator noise)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(model);
        _schedule.EnsureStepIndex(stepIndex);

        double alphaCumprod = _schedule.AlphasCumprod[stepIndex];
        double alphaCumprodAfter = _schedule.AlphasCumprodAfter[stepIndex];

        // A copy, because the sample is overwritten below and the caller's model function may keep its input.
        float[] modelOutput = model((float[])sample.Clone(), _schedule.Timesteps[stepIndex]);
        ModelOutputCheck.EnsureMatches(modelOutput, sample);

        var clean = new float[sample.Length];
        var noiseEstimate = new float[sample.Length];
        DdpmPrediction.Split(_predictionType, modelOutput, sample, alphaCumprod, clean, noiseEstimate);

        double standardDeviation = DdimUpdate.StandardDeviation(Eta, alphaCumprod, alphaCumprodAfter);
        float[] randomNoise = Eta > 0 ? Draw(noise, sample.Length) : [];
        DdimUpdate.Apply(sample, clean, noiseEstimate, alphaCumprodAfter, standardDeviation, randomNoise);
        return clean;
    }

    private static float[] Draw(IGaussianNoiseGenerator noise, int count)
    {
        ArgumentNullException.ThrowIfNull(noise);
        float[] values = noise.Randn(count);
        if (values is null || values.Length != count)
            throw new InvalidOperationException($"The noise generator returned {values?.Length.ToString() ?? "nothing"} values, not {count}.");
        return values;
    }
}

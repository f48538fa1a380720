using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// What the timestep samplers (ddim, plms) share: the walk over integer training timesteps
/// (<see cref="DdpmStepSchedule"/>), noising the init latent, the checks on a step, and the model call at a
/// timestep split into x0 and ε. The sample lives in the DDPM parameterisation x = √ᾱ·x0 + √(1−ᾱ)·ε and is the
/// UNet input as is.
/// </summary>
/// <remarks>
/// Public because the public samplers derive from it (a public class cannot derive from an internal one), but
/// closed: the constructor and the update are private protected, so only this assembly adds samplers.
/// </remarks>
public abstract class DdpmSampler : ISampler
{
    private readonly PredictionType _predictionType;
    private readonly StepSequence _steps;

    /// <param name="stepsInOrder">
    /// Whether steps must run consecutively on one sample size (samplers with history); otherwise any order.
    /// </param>
    private protected DdpmSampler(SchedulerConfig config, int steps, bool stepsInOrder)
    {
        ArgumentNullException.ThrowIfNull(config);
        _predictionType = config.PredictionType;
        Schedule = DdpmStepSchedule.Create(config, steps);
        _steps = new StepSequence(Schedule.Count, stepsInOrder);
    }

    public abstract string Name { get; }

    public abstract int ModelCallsPerStep { get; }

    /// <summary>Strength cuts the schedule: the last ⌊n·strength⌋ steps run (<see cref="StrengthSchedule.StartIndex"/>).</summary>
    public int FirstStep(double strength) => StrengthSchedule.StartIndex(Timesteps.Count, strength);

    /// <summary>
    /// The integer model timestep of each step, descending (leading spacing by default; CompVis's "uniform" is
    /// leading with steps_offset 1).
    /// </summary>
    public IReadOnlyList<double> Timesteps => Schedule.Timesteps;

    /// <summary>
    /// √((1−ᾱ)/ᾱ) at each timestep, then 0. With set_alpha_to_one false the run actually ends at ᾱ_0
    /// (σ ≈ 0.029), not at 0; the 0 marks "after the last step" as the interface expects.
    /// </summary>
    public IReadOnlyList<double> Sigmas => Schedule.Sigmas;

    /// <summary>ᾱ at <see cref="Timesteps"/>[i], the level the sample is at before step i.</summary>
    public IReadOnlyList<double> AlphasCumprod => Schedule.AlphasCumprod;

    /// <summary>
    /// ᾱ at <see cref="Timesteps"/>[i] − T//n, the level step i lands on (diffusers' alpha_prod_t_prev, for every
    /// spacing); below timestep 0, as on the last step, 1 or ᾱ_0 by set_alpha_to_one.
    /// </summary>
    public IReadOnlyList<double> AlphasCumprodAfter => Schedule.AlphasCumprodAfter;

    /// <summary>The step plan as arrays, for the samplers' own arithmetic (never modified).</summary>
    private protected DdpmStepSchedule Schedule { get; }

    /// <summary>√ᾱ·x0 + √(1−ᾱ)·noise at <see cref="Timesteps"/>[stepIndex], in place; index n leaves the latent as is.</summary>
    public void AddNoise(float[] latent, float[] noise, int stepIndex) => Schedule.AddNoise(latent, noise, stepIndex);

    /// <remarks>
    /// The checks, then the sampler's update; returns its x0 estimate. Whether <paramref name="noise"/> is drawn
    /// from, and whether steps must run in order, is the sampler's (see its remarks).
    /// </remarks>
    public float[] Step(int stepIndex, float[] sample, ModelFunction model, IGaussianNoiseGenerator noise)
    {
        _steps.Begin(stepIndex, sample, model);
        float[] clean = Advance(stepIndex, sample, model, noise);
        _steps.End(stepIndex, sample);
        return clean;
    }

    /// <summary>
    /// The sampler's own step: overwrites <paramref name="sample"/> with the sample at the level step
    /// <paramref name="stepIndex"/> lands on and returns the x0 estimate it used.
    /// </summary>
    private protected abstract float[] Advance(int stepIndex, float[] sample, ModelFunction model, IGaussianNoiseGenerator noise);

    /// <summary>x0 and ε from the model for <paramref name="sample"/> at <see cref="Timesteps"/>[timestepIndex].</summary>
    private protected (float[] Clean, float[] Noise) Predict(ModelFunction model, float[] sample, int timestepIndex)
    {
        // A copy, because the sample is overwritten after this and the caller's model function may keep its input.
        float[] modelOutput = model((float[])sample.Clone(), Schedule.Timesteps[timestepIndex]);
        StepSequence.EnsureModelOutputMatches(modelOutput, sample);

        var clean = new float[sample.Length];
        var noiseEstimate = new float[sample.Length];
        DdpmPrediction.Split(_predictionType, modelOutput, sample, Schedule.AlphasCumprod[timestepIndex], clean, noiseEstimate);
        return (clean, noiseEstimate);
    }
}

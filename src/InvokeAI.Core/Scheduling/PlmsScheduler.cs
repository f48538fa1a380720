using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// InvokeAI's <c>plms</c>: CompVis's PLMSSampler, the pseudo linear multistep method of Liu et al. (2022, PNDM).
/// It walks DDIM's timesteps with the deterministic (η = 0) DDIM update, but feeds it a noise estimate ε′
/// extrapolated from the current and up to three earlier ε by Adams–Bashforth weights. The first step of a run
/// has no history, so it takes a pseudo improved-Euler step instead: a provisional DDIM step to the next
/// timestep, a second model call there, and the average of the two ε.
/// </summary>
/// <remarks>
/// Only ε is combined: each model output is converted to ε at its own sample and timestep first, so v- and
/// x0-predicting models work too (diffusers' PNDMScheduler combines the raw outputs and converts afterwards,
/// which is only right for ε-prediction, and rejects sample prediction).
/// </remarks>
public sealed class PlmsScheduler : IScheduler
{
    /// <summary>How many earlier ε the fourth-order step uses.</summary>
    public const int HistoryLength = 3;

    // Adams–Bashforth weights of ε_i, ε_{i−1}, … by the number of earlier ε available; each row sums to 1, so
    // a constant ε passes through unchanged.
    private static readonly double[][] MultistepWeights =
    [
        [1.0],
        [3.0 / 2, -1.0 / 2],
        [23.0 / 12, -16.0 / 12, 5.0 / 12],
        [55.0 / 24, -59.0 / 24, 37.0 / 24, -9.0 / 24],
    ];

    private readonly string _predictionType;
    private readonly DdpmStepSchedule _schedule;

    // The raw ε of the steps this instance has run (not the combined ε′), oldest first.
    private readonly List<float[]> _history = new(HistoryLength);
    private int _lastStepIndex = -1;

    public PlmsScheduler(SchedulerConfig config, int steps)
    {
        ArgumentNullException.ThrowIfNull(config);
        PredictionConversion.EnsureSupported(config.PredictionType);
        _predictionType = config.PredictionType;
        _schedule = DdpmStepSchedule.Create(config, steps);
    }

    public string Name => "plms";

    /// <summary>
    /// One model call per step, except the first step of a run, which takes two (unless it is also the last
    /// step), so a full run of n steps makes n + 1 calls.
    /// </summary>
    public int ModelCallsPerStep => 1;

    /// <summary>DDIM's timesteps (leading by default; CompVis's "uniform" is leading with steps_offset 1).</summary>
    public IReadOnlyList<double> Timesteps => _schedule.Timesteps;

    /// <summary>√((1−ᾱ)/ᾱ) at each timestep, then 0.</summary>
    public IReadOnlyList<double> Sigmas => _schedule.Sigmas;

    /// <summary>ᾱ at <see cref="Timesteps"/>[i], the level the sample is at before step i.</summary>
    public IReadOnlyList<double> AlphasCumprod => _schedule.AlphasCumprod;

    /// <summary>ᾱ of the level step i lands on; the last is 1 or ᾱ_0 by set_alpha_to_one.</summary>
    public IReadOnlyList<double> AlphasCumprodAfter => _schedule.AlphasCumprodAfter;

    /// <summary>√ᾱ·x0 + √(1−ᾱ)·noise at <see cref="Timesteps"/>[stepIndex], in place; index n leaves the latent as is.</summary>
    public void AddNoise(float[] latent, float[] noise, int stepIndex) => _schedule.AddNoise(latent, noise, stepIndex);

    /// <remarks>
    /// PLMS is deterministic: <paramref name="noise"/> is never drawn from. Returns x0 as estimated from the
    /// combined ε′ (what CompVis hands its preview callback).
    /// </remarks>
    public float[] Step(int stepIndex, float[] sample, ModelFunction model, IGaussianNoiseGenerator noise)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(model);
        _schedule.EnsureStepIndex(stepIndex);
        // The ε history only means something for consecutive steps; the first call may start anywhere
        // (img2img), and then starts the history afresh as InvokeAI 2.x's decode did.
        if (_lastStepIndex >= 0 && stepIndex != _lastStepIndex + 1)
            throw new InvalidOperationException($"Step {stepIndex} cannot follow step {_lastStepIndex}: steps run in order.");
        if (_history.Count > 0 && _history[0].Length != sample.Length)
            throw new ArgumentException($"The sample has {sample.Length} values, earlier steps had {_history[0].Length}.", nameof(sample));

        double alphaCumprod = _schedule.AlphasCumprod[stepIndex];
        double alphaCumprodAfter = _schedule.AlphasCumprodAfter[stepIndex];

        float[] noiseEstimate = PredictNoise(model, sample, stepIndex);
        float[] combined = _history.Count == 0
            ? ImprovedEulerNoise(model, sample, stepIndex, noiseEstimate)
            : MultistepNoise(noiseEstimate);
        Remember(noiseEstimate);

        float[] clean = CleanFromNoise(sample, combined, alphaCumprod);
        DdimUpdate.Apply(sample, clean, combined, alphaCumprodAfter, standardDeviation: 0, randomNoise: []);

        _lastStepIndex = stepIndex;
        return clean;
    }

    /// <summary>The model's ε for <paramref name="sample"/> at <see cref="Timesteps"/>[timestepIndex].</summary>
    private float[] PredictNoise(ModelFunction model, float[] sample, int timestepIndex)
    {
        // A copy, because the caller's model function may keep its input while the sample is overwritten.
        float[] modelOutput = model((float[])sample.Clone(), _schedule.Timesteps[timestepIndex]);
        ModelOutputCheck.EnsureMatches(modelOutput, sample);

        var clean = new float[sample.Length];
        var noiseEstimate = new float[sample.Length];
        DdpmPrediction.Split(_predictionType, modelOutput, sample, _schedule.AlphasCumprod[timestepIndex], clean, noiseEstimate);
        return noiseEstimate;
    }

    /// <summary>
    /// The first step's ε′: the average of ε here and ε at the sample a plain DDIM step would reach.
    /// </summary>
    private float[] ImprovedEulerNoise(ModelFunction model, float[] sample, int stepIndex, float[] noiseEstimate)
    {
        // On the last step there is no next timestep to evaluate at. CompVis then calls the model a second time
        // at the provisional sample but with the current timestep (its t_next clamps to the last entry), a
        // mismatched input; a single-call DDIM step is what the method reduces to without a second point.
        if (stepIndex + 1 == _schedule.Count) return noiseEstimate;

        float[] clean = CleanFromNoise(sample, noiseEstimate, _schedule.AlphasCumprod[stepIndex]);
        var provisional = new float[sample.Length];
        // Lands on AlphasCumprodAfter[stepIndex], which is ᾱ at Timesteps[stepIndex + 1] for every step but
        // the last, so the second call sees a sample at the level its timestep says.
        DdimUpdate.Apply(provisional, clean, noiseEstimate, _schedule.AlphasCumprodAfter[stepIndex], standardDeviation: 0, randomNoise: []);
        float[] nextNoiseEstimate = PredictNoise(model, provisional, stepIndex + 1);

        var average = new float[sample.Length];
        for (int k = 0; k < average.Length; k++) average[k] = (float)((noiseEstimate[k] + (double)nextNoiseEstimate[k]) / 2);
        return average;
    }

    /// <summary>ε′ = Σ w_j·ε_{i−j} over the current ε and the stored history, newest first.</summary>
    private float[] MultistepNoise(float[] noiseEstimate)
    {
        double[] weights = MultistepWeights[_history.Count];
        int newest = _history.Count - 1;
        var combined = new float[noiseEstimate.Length];
        for (int k = 0; k < combined.Length; k++)
        {
            double value = weights[0] * noiseEstimate[k];
            for (int j = 1; j < weights.Length; j++) value += weights[j] * _history[newest - (j - 1)][k];
            combined[k] = (float)value;
        }
        return combined;
    }

    private void Remember(float[] noiseEstimate)
    {
        if (_history.Count == HistoryLength) _history.RemoveAt(0);
        _history.Add(noiseEstimate);
    }

    private static float[] CleanFromNoise(float[] sample, float[] noiseEstimate, double alphaCumprod)
    {
        double signal = Math.Sqrt(alphaCumprod);
        double noiseLevel = Math.Sqrt(1 - alphaCumprod);
        var clean = new float[sample.Length];
        for (int k = 0; k < clean.Length; k++) clean[k] = (float)((sample[k] - noiseLevel * noiseEstimate[k]) / signal);
        return clean;
    }
}

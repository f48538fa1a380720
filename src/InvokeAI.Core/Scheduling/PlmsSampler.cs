using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// InvokeAI's <c>plms</c>: CompVis's PLMSSampler, the pseudo linear multistep method of Liu et al. (2022, PNDM).
/// It walks DDIM's timesteps with the deterministic (η = 0) DDIM update, but feeds it a noise estimate ε′
/// extrapolated from the current and up to three earlier ε by Adams–Bashforth weights. The first step of a run
/// has no history, so it takes a pseudo improved-Euler step instead: a provisional DDIM step, a second model call
/// at the next timestep, and the average of the two ε.
/// </summary>
/// <remarks>
/// <para>
/// The levels are diffusers' PNDMScheduler's (skip_prk_steps): a step from t lands on t − T//n, and the first
/// step's final update runs from t' + T//n to t', t' being the next listed timestep. With leading spacing (the
/// default) both are simply "from this timestep to the next"; with linspace or trailing they need not be (10
/// linspace steps: the provisional sample is at 899 and evaluated at 888, and the first step goes from 988 to
/// 888), and this sampler then computes what diffusers computes. Only that first step lands on the next listed
/// timestep rather than on <see cref="DdpmSampler.AlphasCumprodAfter"/>.
/// </para>
/// <para>
/// Only ε is combined: each model output is converted to ε at its own sample and timestep first, so v- and
/// x0-predicting models work too (diffusers' PNDMScheduler combines the raw outputs and converts afterwards,
/// which is only right for ε-prediction, and rejects sample prediction).
/// </para>
/// <para>
/// PLMS is deterministic: the step's noise generator is never drawn from. A step returns x0 as estimated from the
/// combined ε′ (what CompVis hands its preview callback).
/// </para>
/// </remarks>
public sealed class PlmsSampler : DdpmSampler
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

    // The raw ε of the steps this instance has run (not the combined ε′), oldest first.
    private readonly List<float[]> _history = new(HistoryLength);

    // Whether every step is a first step, as in InvokeAI 2.x's img2img (see the constructor).
    private readonly bool _withoutHistory;

    // The ε history only means something for consecutive steps, so steps run in order; the first call may start
    // anywhere (img2img), and then starts the history afresh as InvokeAI 2.x's decode did.
    /// <param name="withoutHistory">
    /// Every step as a run's first, as InvokeAI 2.x's img2img ran PLMS: its <c>Sampler.decode</c> never passed the ε
    /// history to <c>p_sample</c>, whose default stayed empty, so each step took the pseudo improved-Euler form, the
    /// last one included, with its second call at the same timestep (t_next clamped to the last entry).
    /// </param>
    public PlmsSampler(SchedulerConfig config, int steps, bool withoutHistory = false)
        : base(config, steps, stepsInOrder: true)
    {
        _withoutHistory = withoutHistory;
    }

    public override string Name => "plms";

    /// <summary>
    /// One model call per step, except the first step of a run, which takes two (unless it is also the last
    /// step), so a full run of n steps makes n + 1 calls.
    /// </summary>
    public override int ModelCallsPerStep => _withoutHistory ? 2 : 1;

    private protected override float[] Advance(int stepIndex, float[] sample, ModelFunction model, IGaussianNoiseGenerator noise)
    {
        float[] noiseEstimate = Predict(model, sample, stepIndex).Noise;
        // On the last step there is no next timestep to evaluate at, so a run's first step that is also its last
        // is a plain DDIM step (the multistep with no history). CompVis then calls the model a second time at the
        // provisional sample but with the current timestep (its t_next clamps to the last entry), a mismatched input.
        var update = _withoutHistory || (_history.Count == 0 && stepIndex + 1 < Schedule.Count)
            ? ImprovedEulerUpdate(model, sample, stepIndex, noiseEstimate)
            : new Update(MultistepNoise(noiseEstimate), Schedule.AlphasCumprod[stepIndex], Schedule.AlphasCumprodAfter[stepIndex]);
        if (!_withoutHistory) Remember(noiseEstimate);

        float[] clean = DdpmPrediction.CleanFromNoise(sample, update.Noise, update.AlphaCumprodFrom);
        DdimUpdate.Apply(sample, clean, update.Noise, update.AlphaCumprodTo, standardDeviation: 0, randomNoise: []);
        return clean;
    }

    /// <summary>The η = 0 DDIM update a step applies: with which ε, from which level to which.</summary>
    private readonly record struct Update(float[] Noise, double AlphaCumprodFrom, double AlphaCumprodTo);

    /// <summary>
    /// The first step's update: the average of ε here and ε at the sample a plain DDIM step would reach,
    /// evaluated at the next timestep.
    /// </summary>
    private Update ImprovedEulerUpdate(ModelFunction model, float[] sample, int stepIndex, float[] noiseEstimate)
    {
        float[] clean = DdpmPrediction.CleanFromNoise(sample, noiseEstimate, Schedule.AlphasCumprod[stepIndex]);
        var provisional = new float[sample.Length];
        // diffusers' first call: a DDIM step to t − T//n with ε alone, the ordinary landing level.
        DdimUpdate.Apply(provisional, clean, noiseEstimate, Schedule.AlphasCumprodAfter[stepIndex], standardDeviation: 0, randomNoise: []);
        // The last step has no next timestep: CompVis's t_next clamps to this one (only the history-less form gets here).
        bool last = stepIndex + 1 == Schedule.Count;
        float[] nextNoiseEstimate = Predict(model, provisional, last ? stepIndex : stepIndex + 1).Noise;

        var average = new float[sample.Length];
        for (int k = 0; k < average.Length; k++) average[k] = (float)((noiseEstimate[k] + (double)nextNoiseEstimate[k]) / 2);

        if (last) return new Update(average, Schedule.AlphasCumprod[stepIndex], Schedule.AlphasCumprodAfter[stepIndex]);
        // diffusers' second call: from t' + T//n to t', t' the next listed timestep (PNDMScheduler.step_plms with
        // counter 1). With leading spacing t' + T//n is this step's own timestep.
        int next = (int)Schedule.Timesteps[stepIndex + 1];
        return new Update(average, Schedule.AlphaCumprodAt(next + Schedule.Stride), Schedule.AlphasCumprod[stepIndex + 1]);
    }

    /// <summary>ε′ = Σ w_j·ε_{i−j} over the current ε and the stored history, newest first.</summary>
    private float[] MultistepNoise(float[] noiseEstimate)
    {
        double[] weights = MultistepWeights[_history.Count];
        // The earlier ε newest first in an array, earlier[j − 1] weighted by weights[j], taken out of the list once
        // so the per-element loop indexes plain arrays; the sum keeps its order (j = 1 up).
        var earlier = new float[_history.Count][];
        for (int j = 0; j < earlier.Length; j++) earlier[j] = _history[_history.Count - 1 - j];

        var combined = new float[noiseEstimate.Length];
        for (int k = 0; k < combined.Length; k++)
        {
            double value = weights[0] * noiseEstimate[k];
            for (int j = 1; j < weights.Length; j++) value += weights[j] * earlier[j - 1][k];
            combined[k] = (float)value;
        }
        return combined;
    }

    private void Remember(float[] noiseEstimate)
    {
        if (_history.Count == HistoryLength) _history.RemoveAt(0);
        _history.Add(noiseEstimate);
    }
}

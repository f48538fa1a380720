namespace InvokeAI.Core.Scheduling;

/// <summary>
/// The walk of a timestep sampler (DDIM, PLMS) for one render: n integer timesteps, descending; the ᾱ at each
/// (the level before the step) and the ᾱ each step lands on (diffusers' <c>alpha_prod_t_prev</c>); and the
/// equivalent k-diffusion σ = √((1−ᾱ)/ᾱ) for progress and previews.
/// </summary>
/// <remarks>
/// A step from timestep t lands on t − T//n, as diffusers' DDIMScheduler and PNDMScheduler step whatever the
/// spacing. With leading spacing (the default) that is the next listed timestep; with linspace or trailing it can
/// lie between them (10 linspace steps: 999 lands on 899, and the next step then runs at 888), which is what
/// diffusers computes too.
/// </remarks>
internal sealed class DdpmStepSchedule
{
    /// <summary>The spacing DDIM and PNDM use when the config does not name one (CompVis's "uniform" is this plus 1).</summary>
    public const TimestepSpacing DefaultSpacing = TimestepSpacing.Leading;

    public double[] Timesteps { get; }

    /// <summary>ᾱ at <see cref="Timesteps"/>[i].</summary>
    public double[] AlphasCumprod { get; }

    /// <summary>ᾱ at <see cref="Timesteps"/>[i] − <see cref="Stride"/>, the level step i lands on (see <see cref="AlphaCumprodAt"/>).</summary>
    public double[] AlphasCumprodAfter { get; }

    /// <summary>T // n: how far below its timestep a step lands.</summary>
    public int Stride { get; }

    /// <summary>n + 1 k-diffusion σ: one per timestep, then 0.</summary>
    public double[] Sigmas { get; }

    public int Count => Timesteps.Length;

    private readonly IReadOnlyList<double> _trainingAlphasCumprod;
    private readonly double _finalAlphaCumprod;

    private DdpmStepSchedule(double[] timesteps, int stride, NoiseSchedule training, double finalAlphaCumprod)
    {
        _trainingAlphasCumprod = training.AlphasCumprod;
        _finalAlphaCumprod = finalAlphaCumprod;
        Timesteps = timesteps;
        Stride = stride;

        int steps = timesteps.Length;
        AlphasCumprod = new double[steps];
        AlphasCumprodAfter = new double[steps];
        Sigmas = new double[steps + 1];
        for (int i = 0; i < steps; i++)
        {
            int timestep = (int)timesteps[i];
            AlphasCumprod[i] = AlphaCumprodAt(timestep);
            AlphasCumprodAfter[i] = AlphaCumprodAt(timestep - stride);
            Sigmas[i] = training.Sigmas[timestep];
        }
    }

    /// <summary>
    /// ᾱ at a whole training timestep; below 0 the "final" ᾱ (1 or ᾱ_0, by set_alpha_to_one), as diffusers reads
    /// <c>alpha_prod_t_prev</c> for a negative previous timestep.
    /// </summary>
    public double AlphaCumprodAt(int timestep) => timestep >= 0 ? _trainingAlphasCumprod[timestep] : _finalAlphaCumprod;

    public static DdpmStepSchedule Create(SchedulerConfig config, int steps)
    {
        ArgumentNullException.ThrowIfNull(config);
        var training = NoiseSchedule.FromConfig(config);
        int trainTimesteps = training.TrainTimesteps;
        var spacing = config.TimestepSpacing ?? DefaultSpacing;

        // Refuses a timestep outside 0..T − 1 (leading spacing plus steps_offset at n = T; CompVis's "uniform"
        // reaches T there too), which has no ᾱ and on which diffusers would fail on the index.
        double[] timesteps = InferenceTimesteps.For(spacing, steps, trainTimesteps, config.StepsOffset);
        // ᾱ exists only at whole training timesteps, so linspace's fractional values are rounded the way
        // diffusers' DDIM and PNDM do (numpy's round, half to even).
        for (int i = 0; i < timesteps.Length; i++) timesteps[i] = Math.Round(timesteps[i], MidpointRounding.ToEven);

        // The level a step below timestep 0 lands on (the last one, as a rule): ᾱ_0 keeps the final sample at the
        // first training noise level (SD's set_alpha_to_one false, and what CompVis always does); 1 lands on the
        // clean latent.
        double finalAlphaCumprod = config.SetAlphaToOne ? 1.0 : training.AlphasCumprod[0];
        return new DdpmStepSchedule(timesteps, trainTimesteps / steps, training, finalAlphaCumprod);
    }

    /// <summary>
    /// x_t = √ᾱ·x0 + √(1−ᾱ)·noise at <see cref="Timesteps"/>[stepIndex], in place; index n (strength 0, no
    /// step runs) leaves the latent clean.
    /// </summary>
    public void AddNoise(float[] latent, float[] noise, int stepIndex)
    {
        NoiseArguments.Check(latent, noise, stepIndex, Count);
        if (stepIndex == Count) return;

        double signal = Math.Sqrt(AlphasCumprod[stepIndex]);
        double noiseLevel = Math.Sqrt(1 - AlphasCumprod[stepIndex]);
        for (int k = 0; k < latent.Length; k++) latent[k] = (float)(signal * latent[k] + noiseLevel * noise[k]);
    }
}

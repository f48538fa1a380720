namespace InvokeAI.Core.Scheduling;

/// <summary>
/// The walk of a timestep sampler (DDIM, PLMS) for one render: n integer timesteps, descending; the ᾱ at each
/// (the level before the step) and the ᾱ each step lands on (diffusers' <c>alpha_prod_t_prev</c>); and the
/// equivalent k-diffusion σ = √((1−ᾱ)/ᾱ) for progress and previews.
/// </summary>
internal sealed class DdpmStepSchedule
{
    /// <summary>The spacing DDIM and PNDM use when the config does not name one (CompVis's "uniform" is this plus 1).</summary>
    public const string DefaultSpacing = TimestepSpacing.Leading;

    public double[] Timesteps { get; }

    /// <summary>ᾱ at <see cref="Timesteps"/>[i].</summary>
    public double[] AlphasCumprod { get; }

    /// <summary>ᾱ of the level step i lands on; for the last step the "final" ᾱ (1 or ᾱ_0, by set_alpha_to_one).</summary>
    public double[] AlphasCumprodAfter { get; }

    /// <summary>n + 1 k-diffusion σ: one per timestep, then 0.</summary>
    public double[] Sigmas { get; }

    public int Count => Timesteps.Length;

    private DdpmStepSchedule(double[] timesteps, double[] alphasCumprod, double[] alphasCumprodAfter, double[] sigmas)
    {
        Timesteps = timesteps;
        AlphasCumprod = alphasCumprod;
        AlphasCumprodAfter = alphasCumprodAfter;
        Sigmas = sigmas;
    }

    public static DdpmStepSchedule Create(SchedulerConfig config, int steps)
    {
        ArgumentNullException.ThrowIfNull(config);
        var training = NoiseSchedule.FromConfig(config);
        int trainTimesteps = training.TrainTimesteps;
        string spacing = config.TimestepSpacing ?? DefaultSpacing;

        // Refuses a timestep outside 0..T − 1 (leading spacing plus steps_offset at n = T; CompVis's "uniform"
        // reaches T there too), which has no ᾱ and on which diffusers would fail on the index.
        double[] timesteps = TimestepSpacing.Timesteps(spacing, steps, trainTimesteps, config.StepsOffset);
        // ᾱ exists only at whole training timesteps, so linspace's fractional values are rounded the way
        // diffusers' DDIM and PNDM do (numpy's round, half to even).
        for (int i = 0; i < timesteps.Length; i++) timesteps[i] = Math.Round(timesteps[i], MidpointRounding.ToEven);

        // The level below the last timestep: ᾱ_0 keeps the final sample at the first training noise level
        // (SD's set_alpha_to_one false, and what CompVis always does); 1 lands on the clean latent.
        double finalAlphaCumprod = config.SetAlphaToOne ? 1.0 : training.AlphasCumprod[0];
        int stride = trainTimesteps / steps;

        var alphasCumprod = new double[steps];
        var alphasCumprodAfter = new double[steps];
        var sigmas = new double[steps + 1];
        for (int i = 0; i < steps; i++)
        {
            int timestep = (int)timesteps[i];
            alphasCumprod[i] = training.AlphasCumprod[timestep];
            sigmas[i] = training.Sigmas[timestep];

            int previous = PreviousTimestep(spacing, timesteps, i, stride);
            alphasCumprodAfter[i] = previous >= 0 ? training.AlphasCumprod[previous] : finalAlphaCumprod;
        }

        return new DdpmStepSchedule(timesteps, alphasCumprod, alphasCumprodAfter, sigmas);
    }

    /// <summary>
    /// x_t = √ᾱ·x0 + √(1−ᾱ)·noise at <see cref="Timesteps"/>[stepIndex], in place; index n (strength 0, no
    /// step runs) leaves the latent clean.
    /// </summary>
    public void AddNoise(float[] latent, float[] noise, int stepIndex)
    {
        ArgumentNullException.ThrowIfNull(latent);
        ArgumentNullException.ThrowIfNull(noise);
        if (noise.Length != latent.Length)
            throw new ArgumentException($"Noise has {noise.Length} values, the latent {latent.Length}.", nameof(noise));
        if ((uint)stepIndex > (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(stepIndex), stepIndex, $"Step index must be between 0 and {Count}.");
        if (stepIndex == Count) return;

        double signal = Math.Sqrt(AlphasCumprod[stepIndex]);
        double noiseLevel = Math.Sqrt(1 - AlphasCumprod[stepIndex]);
        for (int k = 0; k < latent.Length; k++) latent[k] = (float)(signal * latent[k] + noiseLevel * noise[k]);
    }

    private static int PreviousTimestep(string spacing, double[] timesteps, int index, int stride)
    {
        // Leading: diffusers' t − T//n, which is the next timestep in the list except after the last one, where
        // it is negative (→ final ᾱ) unless steps_offset ≥ T//n. diffusers applies t − T//n to every spacing,
        // which with linspace or trailing lands between the listed timesteps (999 → 899 while the next is 888);
        // the next listed timestep keeps each step ending where the following one starts.
        if (spacing == TimestepSpacing.Leading) return (int)timesteps[index] - stride;
        return index + 1 < timesteps.Length ? (int)timesteps[index + 1] : -1;
    }
}

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// The DDIM transition (Song et al. 2020, eq. 12) from the level ᾱ_t to a lower-noise level ᾱ_prev, shared by
/// DDIM itself and by PLMS, which applies it with η = 0 to its multistep noise estimate:
/// x_prev = √ᾱ_prev·x0 + √(1 − ᾱ_prev − σ_t²)·ε + σ_t·z.
/// </summary>
internal static class DdimUpdate
{
    /// <summary>σ_t = η·√((1−ᾱ_prev)/(1−ᾱ_t)·(1 − ᾱ_t/ᾱ_prev)), the standard deviation of the fresh noise (eq. 16).</summary>
    public static double StandardDeviation(double eta, double alphaCumprod, double alphaCumprodPrevious)
    {
        if (eta == 0) return 0;
        double variance = (1 - alphaCumprodPrevious) / (1 - alphaCumprod) * (1 - alphaCumprod / alphaCumprodPrevious);
        // Rounding can push the variance a hair below 0 when ᾱ_prev = 1 (set_alpha_to_one); it is 0 there.
        return eta * Math.Sqrt(Math.Max(variance, 0));
    }

    /// <summary>
    /// Overwrites <paramref name="sample"/> with x_prev. <paramref name="randomNoise"/> is z; it may be empty
    /// when <paramref name="standardDeviation"/> is 0.
    /// </summary>
    public static void Apply(
        Span<float> sample,
        ReadOnlySpan<float> clean,
        ReadOnlySpan<float> noiseEstimate,
        double alphaCumprodPrevious,
        double standardDeviation,
        ReadOnlySpan<float> randomNoise)
    {
        if (clean.Length != sample.Length || noiseEstimate.Length != sample.Length)
            throw new ArgumentException(
                $"Sample ({sample.Length}), x0 ({clean.Length}) and ε ({noiseEstimate.Length}) must be the same length.");
        bool addsNoise = standardDeviation != 0;
        if (addsNoise && randomNoise.Length != sample.Length)
            throw new ArgumentException($"Random noise has {randomNoise.Length} values, the sample {sample.Length}.", nameof(randomNoise));

        double signal = Math.Sqrt(alphaCumprodPrevious);
        // σ_t² ≤ 1 − ᾱ_prev holds exactly for η ≤ 1; the clamp only absorbs rounding so the root stays real.
        double direction = Math.Sqrt(Math.Max(1 - alphaCumprodPrevious - standardDeviation * standardDeviation, 0));
        for (int k = 0; k < sample.Length; k++)
        {
            double previous = signal * clean[k] + direction * noiseEstimate[k];
            if (addsNoise) previous += standardDeviation * randomNoise[k];
            sample[k] = (float)previous;
        }
    }
}

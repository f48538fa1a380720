namespace InvokeAI.Core.Scheduling;

/// <summary>
/// Splits a UNet output into the clean-latent estimate x0 and the noise estimate ε for the timestep samplers
/// (DDIM, PLMS), whose sample lives in the DDPM parameterisation x = √ᾱ·x0 + √(1−ᾱ)·ε and is fed to the model
/// unscaled. (The σ-samplers use <see cref="PredictionConversion"/> instead: their sample is x0 + σ·ε.)
/// </summary>
internal static class DdpmPrediction
{
    /// <summary>
    /// Writes x0 and ε for the model output at a timestep whose cumulative alpha is <paramref name="alphaCumprod"/>.
    /// </summary>
    /// <remarks>
    /// epsilon: x0 = (x − √(1−ᾱ)·ε)/√ᾱ.
    /// v_prediction: v = √ᾱ·ε − √(1−ᾱ)·x0, so x0 = √ᾱ·x − √(1−ᾱ)·v and ε = √ᾱ·v + √(1−ᾱ)·x.
    /// sample: the output is x0, and ε = (x − √ᾱ·x0)/√(1−ᾱ).
    /// Both are needed because the DDIM update re-noises x0 along the predicted ε rather than fresh noise.
    /// </remarks>
    public static void Split(
        PredictionType predictionType,
        ReadOnlySpan<float> modelOutput,
        ReadOnlySpan<float> sample,
        double alphaCumprod,
        Span<float> clean,
        Span<float> noise)
    {
        if (modelOutput.Length != sample.Length || clean.Length != sample.Length || noise.Length != sample.Length)
            throw new ArgumentException(
                $"Model output ({modelOutput.Length}), sample ({sample.Length}) and destinations ({clean.Length}, {noise.Length}) must be the same length.");
        // ᾱ = 1 would mean a noise-free timestep, where ε is undefined; no trained timestep has it.
        if (!(alphaCumprod > 0 && alphaCumprod < 1))
            throw new ArgumentOutOfRangeException(nameof(alphaCumprod), alphaCumprod, "ᾱ at a model timestep must lie strictly between 0 and 1.");

        double signal = Math.Sqrt(alphaCumprod);
        double noiseLevel = Math.Sqrt(1 - alphaCumprod);
        switch (predictionType)
        {
            case PredictionType.Epsilon:
                modelOutput.CopyTo(noise);
                CleanFromNoise(sample, modelOutput, alphaCumprod, clean);
                break;
            case PredictionType.VPrediction:
                for (int k = 0; k < sample.Length; k++)
                {
                    double velocity = modelOutput[k];
                    clean[k] = (float)(signal * sample[k] - noiseLevel * velocity);
                    noise[k] = (float)(signal * velocity + noiseLevel * sample[k]);
                }
                break;
            case PredictionType.Sample:
                for (int k = 0; k < sample.Length; k++)
                {
                    clean[k] = modelOutput[k];
                    noise[k] = (float)((sample[k] - signal * modelOutput[k]) / noiseLevel);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(predictionType), predictionType, "Not a prediction type.");
        }
    }

    /// <summary>
    /// x0 = (x − √(1−ᾱ)·ε)/√ᾱ into <paramref name="clean"/>: the clean latent a noise estimate implies. The
    /// epsilon case of <see cref="Split"/>, and PLMS's x0 from its combined ε′.
    /// </summary>
    public static void CleanFromNoise(ReadOnlySpan<float> sample, ReadOnlySpan<float> noise, double alphaCumprod, Span<float> clean)
    {
        double signal = Math.Sqrt(alphaCumprod);
        double noiseLevel = Math.Sqrt(1 - alphaCumprod);
        for (int k = 0; k < sample.Length; k++) clean[k] = (float)((sample[k] - noiseLevel * noise[k]) / signal);
    }

    /// <summary>As <see cref="CleanFromNoise(ReadOnlySpan{float}, ReadOnlySpan{float}, double, Span{float})"/>, into a new array.</summary>
    public static float[] CleanFromNoise(ReadOnlySpan<float> sample, ReadOnlySpan<float> noise, double alphaCumprod)
    {
        var clean = new float[sample.Length];
        CleanFromNoise(sample, noise, alphaCumprod, clean);
        return clean;
    }
}

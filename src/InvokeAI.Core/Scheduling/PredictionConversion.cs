namespace InvokeAI.Core.Scheduling;

/// <summary>
/// Turns a UNet output into the clean-latent estimate x0 for a σ-sampler, whose sample is
/// x = x0 + σ·ε (unscaled) and whose model input is x/√(σ² + 1).
/// </summary>
public static class PredictionConversion
{
    /// <summary>
    /// Writes x0 into <paramref name="denoised"/> from the model output, the unscaled sample x and its σ.
    /// </summary>
    /// <remarks>
    /// epsilon: x0 = x − σ·ε.
    /// v_prediction: the model sees x_s = x/√(σ²+1) = α·x0 + σ_s·ε with α = 1/√(σ²+1), σ_s = σ/√(σ²+1)
    /// (α² + σ_s² = 1), and predicts v = α·ε − σ_s·x0. Then α·x_s − σ_s·v = (α² + σ_s²)·x0 = x0, and with
    /// x_s = α·x that is x0 = x/(σ²+1) − v·σ/√(σ²+1).
    /// sample: the output already is x0.
    /// </remarks>
    public static void ToDenoised(
        PredictionType predictionType, ReadOnlySpan<float> modelOutput, ReadOnlySpan<float> sample, double sigma, Span<float> denoised)
    {
        if (modelOutput.Length != sample.Length || denoised.Length != sample.Length)
            throw new ArgumentException(
                $"Model output ({modelOutput.Length}), sample ({sample.Length}) and destination ({denoised.Length}) must be the same length.");

        switch (predictionType)
        {
            case PredictionType.Epsilon:
                for (int k = 0; k < sample.Length; k++)
                    denoised[k] = (float)(sample[k] - sigma * modelOutput[k]);
                break;
            case PredictionType.VPrediction:
                double sampleWeight = 1 / (sigma * sigma + 1);
                double outputWeight = sigma / Math.Sqrt(sigma * sigma + 1);
                for (int k = 0; k < sample.Length; k++)
                    denoised[k] = (float)(sampleWeight * sample[k] - outputWeight * modelOutput[k]);
                break;
            case PredictionType.Sample:
                modelOutput.CopyTo(denoised);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(predictionType), predictionType, "Not a prediction type.");
        }
    }

    /// <summary>As <see cref="ToDenoised(PredictionType, ReadOnlySpan{float}, ReadOnlySpan{float}, double, Span{float})"/>, into a new array.</summary>
    public static float[] ToDenoised(PredictionType predictionType, ReadOnlySpan<float> modelOutput, ReadOnlySpan<float> sample, double sigma)
    {
        var denoised = new float[sample.Length];
        ToDenoised(predictionType, modelOutput, sample, sigma, denoised);
        return denoised;
    }
}

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// The element-wise updates the σ samplers build their steps from. They integrate the probability-flow ODE
/// dx/dσ = d with d = (x − x0)/σ (Karras et al. 2022), in double per element and stored back as float.
/// </summary>
internal static class SigmaStepMath
{
    /// <summary>One Euler step in place: x ← x + d·(σ_to − σ), d = (x − x0)/σ.</summary>
    public static void EulerInPlace(float[] sample, float[] denoised, double sigma, double sigmaTo)
    {
        // (σ_to − σ)/σ is the same for every element, so it is divided once, not per element.
        double stepOverSigma = (sigmaTo - sigma) / sigma;
        for (int k = 0; k < sample.Length; k++)
            sample[k] = (float)(sample[k] + (sample[k] - (double)denoised[k]) * stepOverSigma);
    }

    /// <summary>The result of an Euler step written into <paramref name="result"/>, for the probe point of a two-stage step.</summary>
    public static float[] EulerTo(float[] sample, float[] denoised, double sigma, double sigmaTo, float[] result)
    {
        double stepOverSigma = (sigmaTo - sigma) / sigma;
        for (int k = 0; k < sample.Length; k++)
            result[k] = (float)(sample[k] + (sample[k] - (double)denoised[k]) * stepOverSigma);
        return result;
    }
}

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// The second-order step k_dpm_2 and k_dpm_2_a share (k-diffusion's "DPM-Solver-2" step): an Euler probe to the
/// midpoint σ_mid = √(σ·σ_to) (halfway in log σ), then the whole step taken with the slope found there.
/// </summary>
internal static class Dpm2MidpointStep
{
    /// <summary>
    /// Moves <paramref name="sample"/> from σ to σ_to in place, given x0 at σ; calls the model once, at σ_mid.
    /// </summary>
    public static void Apply(
        SigmaSampler sampler, ModelFunction model, float[] sample, float[] denoised, double sigma, double sigmaTo)
    {
        double sigmaMid = Math.Exp((Math.Log(sigma) + Math.Log(sigmaTo)) / 2);
        float[] midSample = SigmaStepMath.EulerTo(sample, denoised, sigma, sigmaMid, sampler.ProbeBuffer(sample.Length));
        float[] midDenoised = sampler.DenoiseAtSigma(model, midSample, sigmaMid);

        // x ← x + d_mid·(σ_to − σ) with d_mid = (x_mid − x0_mid)/σ_mid; the ratio is folded once.
        double stepOverSigmaMid = (sigmaTo - sigma) / sigmaMid;
        for (int k = 0; k < sample.Length; k++)
            sample[k] = (float)(sample[k] + (midSample[k] - (double)midDenoised[k]) * stepOverSigmaMid);
    }
}

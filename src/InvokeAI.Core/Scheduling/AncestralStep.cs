using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// The ancestral part of k_euler_a and k_dpm_2_a: a step from σ_i to σ_{i+1} is split into a deterministic move
/// down to σ_down followed by fresh noise of size σ_up, with σ_down² + σ_up² = σ_{i+1}², so the sample leaves the
/// step at noise level σ_{i+1} but part of its noise is new. Its draw is the one way any sampler takes fresh noise
/// (DDIM with η &gt; 0 too).
/// </summary>
internal static class AncestralStep
{
    /// <summary>
    /// σ_up = √(σ_to²·(σ_from² − σ_to²)/σ_from²) capped at σ_to, σ_down = √(σ_to² − σ_up²): k-diffusion's
    /// get_ancestral_step with η = 1, the only η InvokeAI 2.x used.
    /// </summary>
    public static (double SigmaDown, double SigmaUp) Split(double sigmaFrom, double sigmaTo)
    {
        double fromSquared = sigmaFrom * sigmaFrom;
        double toSquared = sigmaTo * sigmaTo;
        double sigmaUp = Math.Min(sigmaTo, Math.Sqrt(toSquared * (fromSquared - toSquared) / fromSquared));
        double sigmaDown = Math.Sqrt(toSquared - sigmaUp * sigmaUp);
        return (sigmaDown, sigmaUp);
    }

    /// <summary>
    /// Draws one <c>Randn(sample.Length)</c> and adds it times σ_up in place. One draw per step keeps the generator
    /// stream aligned with torch.randn_like(x) in k-diffusion, so a seed reproduces a render.
    /// </summary>
    public static void AddFreshNoise(float[] sample, IGaussianNoiseGenerator generator, double sigmaUp)
    {
        float[] fresh = DrawFreshNoise(generator, sample.Length);
        for (int k = 0; k < sample.Length; k++) sample[k] = (float)(sample[k] + sigmaUp * fresh[k]);
    }

    /// <summary>
    /// One <c>Randn(count)</c>, checked: a generator that returns the wrong number of values would otherwise
    /// surface as an index error inside the update, or silently leave part of the sample without noise.
    /// </summary>
    /// <param name="noise">Named as <see cref="ISampler.Step"/>'s generator, so a missing one is reported by that name.</param>
    public static float[] DrawFreshNoise(IGaussianNoiseGenerator noise, int count)
    {
        ArgumentNullException.ThrowIfNull(noise);
        float[] values = noise.Randn(count);
        if (values is null || values.Length != count)
            throw new InvalidOperationException(
                $"The noise generator returned {values?.Length.ToString() ?? "nothing"} values for a sample of {count}.");
        return values;
    }
}

using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// Runs the model on a latent for one sampler call. The input is already scaled the way the UNet expects
/// (for σ-samplers x/√(σ²+1)); the result is the raw model output after classifier-free guidance, in the
/// model's prediction type (ε, v or x0).
/// </summary>
/// <remarks>
/// Both arrays may be reused to keep a step free of latent-sized allocations: the sampler overwrites the input after
/// the call, and the caller may overwrite the output at its next call, so neither side keeps the other's array.
/// </remarks>
public delegate float[] ModelFunction(float[] modelInput, double timestep);

/// <summary>
/// A sampler prepared for one render with n inference steps. It is stateful (multistep samplers keep history),
/// so a new instance is made per render. Steps run in order from <see cref="FirstStep"/> to n − 1.
/// </summary>
public interface ISampler
{
    /// <summary>InvokeAI's name, e.g. <c>k_lms</c>.</summary>
    string Name { get; }

    /// <summary>The model timestep of each of the n steps, descending (fractional for σ schedules).</summary>
    IReadOnlyList<double> Timesteps { get; }

    /// <summary>n + 1 noise levels (k-diffusion σ): <c>Sigmas[i]</c> is the level before step i; the last is 0.</summary>
    IReadOnlyList<double> Sigmas { get; }

    /// <summary>
    /// The model calls of one step, for progress and cost estimates: the most one step makes (k_heun, k_dpm_2 and
    /// k_dpm_2_a call twice, except on the last step). PLMS reports 1 although the first step of a run calls twice
    /// (unless it is also the last), so its full run of n steps makes n + 1 calls.
    /// </summary>
    int ModelCallsPerStep { get; }

    /// <summary>
    /// The index of the first step img2img runs at <paramref name="strength"/>; the init latent is noised to the
    /// level before it, and steps run from it to n − 1 (n means none run). For the k-diffusion and DDPM samplers the
    /// strength cuts the schedule (<see cref="StrengthSchedule.StartIndex"/>); LCM puts the strength into its
    /// timesteps instead and runs all n, so it answers 0.
    /// </summary>
    int FirstStep(double strength);

    /// <summary>
    /// Noises a clean latent in place to the level before step <paramref name="stepIndex"/>
    /// (σ-samplers: x0 + σ·noise; DDIM-style: √ᾱ·x0 + √(1−ᾱ)·noise).
    /// </summary>
    void AddNoise(float[] latent, float[] noise, int stepIndex);

    /// <summary>
    /// Runs step <paramref name="stepIndex"/> on <paramref name="sample"/> in place, calling
    /// <paramref name="model"/> as often as the method needs (Heun twice). Ancestral samplers draw from
    /// <paramref name="noise"/>. Returns the clean-latent estimate (x0) the step was based on, for previews; the σ
    /// samplers return a buffer of their own that the next step overwrites, so a caller that keeps it copies it.
    /// </summary>
    float[] Step(int stepIndex, float[] sample, ModelFunction model, IGaussianNoiseGenerator noise);
}

/// <summary>The arguments every <see cref="ISampler.AddNoise"/> checks alike.</summary>
internal static class NoiseArguments
{
    /// <summary>Noise as long as the latent, and a step index from 0 to <paramref name="steps"/> (n: after the last step).</summary>
    public static void Check(float[] latent, float[] noise, int stepIndex, int steps)
    {
        ArgumentNullException.ThrowIfNull(latent);
        ArgumentNullException.ThrowIfNull(noise);
        if (noise.Length != latent.Length)
            throw new ArgumentException($"Noise has {noise.Length} values, the latent {latent.Length}.", nameof(noise));
        if ((uint)stepIndex > (uint)steps)
            throw new ArgumentOutOfRangeException(nameof(stepIndex), stepIndex, $"Step index must be between 0 and {steps}.");
    }
}

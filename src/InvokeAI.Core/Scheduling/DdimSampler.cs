using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// DDIM (Song et al. 2020) as diffusers' DDIMScheduler runs it: each step predicts x0 and ε, then jumps to the
/// next timestep's level along ε, adding σ_t·z of fresh noise when η &gt; 0 (η = 1 is DDPM-like).
/// </summary>
/// <remarks>
/// <para>
/// x0 is never clipped: diffusers' class default clip_sample is true, but Stable Diffusion's configs turn it off
/// and latents are not bounded to [−1, 1].
/// </para>
/// <para>
/// DDIM keeps no history, so steps may run in any order. With η &gt; 0 a step draws <c>sample.Length</c> values
/// from its noise generator once, the last step included even where σ_t is 0 there (set_alpha_to_one): diffusers
/// draws whenever η &gt; 0, so the generator stream stays aligned with it. With η = 0 nothing is drawn (CompVis
/// draws and multiplies by 0 on every step; that only shifts its global stream).
/// </para>
/// </remarks>
public sealed class DdimSampler : DdpmSampler
{
    /// <param name="eta">0 gives deterministic DDIM, 1 the DDPM posterior variance; values between interpolate.</param>
    public DdimSampler(SchedulerConfig config, int steps, double eta = 0)
        : base(CheckedConfig(config, eta), steps, stepsInOrder: false)
    {
        Eta = eta;
    }

    public override string Name => "ddim";

    /// <summary>The weight of the fresh noise each step adds.</summary>
    public double Eta { get; }

    /// <summary>DDIM calls the model once per step.</summary>
    public override int ModelCallsPerStep => 1;

    private protected override float[] Advance(int stepIndex, float[] sample, ModelFunction model, IGaussianNoiseGenerator noise)
    {
        double alphaCumprod = Schedule.AlphasCumprod[stepIndex];
        double alphaCumprodAfter = Schedule.AlphasCumprodAfter[stepIndex];

        var (clean, noiseEstimate) = Predict(model, sample, stepIndex);

        double standardDeviation = DdimUpdate.StandardDeviation(Eta, alphaCumprod, alphaCumprodAfter);
        float[] randomNoise = Eta > 0 ? AncestralStep.DrawFreshNoise(noise, sample.Length) : [];
        DdimUpdate.Apply(sample, clean, noiseEstimate, alphaCumprodAfter, standardDeviation, randomNoise);
        return clean;
    }

    // Runs before the base constructor, so a missing config and a bad η are reported ahead of anything the base
    // finds wrong with the config or the step count.
    private static SchedulerConfig CheckedConfig(SchedulerConfig config, double eta)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!(eta >= 0 && eta <= 1))
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "Eta must be between 0 (deterministic) and 1 (DDPM-like).");
        return config;
    }
}

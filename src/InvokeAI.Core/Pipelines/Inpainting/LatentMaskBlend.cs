using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Pipelines.Inpainting;

/// <summary>
/// Inpainting with an ordinary (4-channel) UNet, as InvokeAI 2.x did it: the model sees and denoises the whole
/// latent, and after every step the kept region is put back to the init latent noised to the level the step
/// reached, so only the masked region develops while the kept region stays what it was, at the right noise level
/// for the next step to blend the two: latent = m·latent + (1 − m)·noised init.
/// </summary>
internal sealed class LatentMaskBlend
{
    private readonly ISampler _sampler;
    private readonly float[] _cleanLatent;
    private readonly float[] _noise;
    private readonly float[] _latentMask;

    /// <param name="cleanLatent">The init image's latent, [1, 4, h, w], not noised.</param>
    /// <param name="noise">
    /// The noise the render's img2img start was made with. Noising the kept region with the same noise keeps it
    /// consistent with where the latent started, and draws nothing from the generator, so the ancestral samplers'
    /// noise stream is the same as without a mask.
    /// </param>
    /// <param name="latentMask">The mask on the latent grid, [h, w], 1 = repaint (<see cref="InpaintMask.ToLatentGrid"/>).</param>
    public LatentMaskBlend(ISampler sampler, float[] cleanLatent, float[] noise, float[] latentMask)
    {
        if (cleanLatent.Length != noise.Length || cleanLatent.Length % latentMask.Length != 0)
            throw new ArgumentException($"A latent of {cleanLatent.Length} values, noise of {noise.Length} and a mask of {latentMask.Length} do not fit together.");
        _sampler = sampler;
        _cleanLatent = cleanLatent;
        _noise = noise;
        _latentMask = latentMask;
    }

    /// <summary>
    /// Resets the kept region of <paramref name="latent"/> in place to the init latent noised to the level before
    /// step <paramref name="nextStepIndex"/> (after step i that is i + 1; the schedule's length means clean).
    /// </summary>
    public void Apply(float[] latent, int nextStepIndex)
    {
        var kept = (float[])_cleanLatent.Clone();
        _sampler.AddNoise(kept, _noise, nextStepIndex);
        int plane = _latentMask.Length;
        for (int i = 0; i < latent.Length; i++)
        {
            float repaint = _latentMask[i % plane];
            latent[i] = repaint * latent[i] + (1 - repaint) * kept[i];
        }
    }
}

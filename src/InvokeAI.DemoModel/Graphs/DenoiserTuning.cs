namespace InvokeAI.DemoModel.Graphs;

/// <summary>
/// The numbers that decide how the demo UNet denoises. It splits the noisy latent into spatial bands with box
/// filters of growing size (finest: the latent minus its <see cref="PoolSizes"/>[0] average; coarsest: the largest
/// average, measured from the prompt colour) and, separately for luma and chroma (<see cref="LatentColourBasis"/>),
/// shrinks each band by a Wiener factor S / (S + n·σ²): S is the band's expected signal variance, n the share of
/// white noise that survives in the band. Large averages leave little noise, so a sketch's coarse layout survives
/// far more noise than its fine detail, as with real img2img.
/// </summary>
/// <param name="PoolSizes">Box filter sizes in latent cells, strictly increasing, each odd.</param>
/// <param name="LumaSignalVariances">S of the luma component per band, finest first; one more than the pools.</param>
/// <param name="ChromaSignalVariances">S of the two chroma components per band, finest first.</param>
/// <param name="PromptPull">
/// How far a fully weighted colour prompt moves the denoised estimate, before classifier-free guidance. Guidance
/// multiplies the conditional-minus-unconditional difference, and the unconditional prompt pulls nowhere, so at
/// guidance g the effective pull is g × this.
/// </param>
internal sealed record DenoiserTuning(int[] PoolSizes, float[] LumaSignalVariances, float[] ChromaSignalVariances, float PromptPull)
{
    public static DenoiserTuning Default { get; } = new(
        PoolSizes: [3, 9],
        LumaSignalVariances: [0.01f, 0.05f, 0.3f],
        ChromaSignalVariances: [0.001f, 0.01f, 0.1f],
        PromptPull: 0.15f);

    public int BandCount => PoolSizes.Length + 1;

    /// <summary>
    /// The share of unit white noise left in each band: a centred box of side a keeps 1/a² of it, and the
    /// difference of nested boxes a &lt; b keeps 1/a² − 1/b² (the latent itself being a box of side 1).
    /// Ignores the border, where the average runs over fewer cells and keeps a little more noise.
    /// </summary>
    public float[] BandNoiseShares()
    {
        var shares = new float[BandCount];
        double previous = 1.0;
        for (int i = 0; i < PoolSizes.Length; i++)
        {
            double kept = 1.0 / ((double)PoolSizes[i] * PoolSizes[i]);
            shares[i] = (float)(previous - kept);
            previous = kept;
        }
        shares[^1] = (float)previous;
        return shares;
    }

    /// <summary>S of one band for each colour component (luma first), as the UNet broadcasts it: [1, 3, 1, 1].</summary>
    public float[] SignalVariancesOfBand(int band)
    {
        var variances = new float[LatentColourBasis.Components];
        for (int component = 0; component < variances.Length; component++)
        {
            variances[component] = component == LatentColourBasis.LumaComponent
                ? LumaSignalVariances[band]
                : ChromaSignalVariances[band];
        }
        return variances;
    }
}

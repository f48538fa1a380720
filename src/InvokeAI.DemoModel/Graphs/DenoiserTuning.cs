namespace InvokeAI.DemoModel.Graphs;

/// <summary>
/// The numbers that decide how the demo UNet denoises. It splits the noisy latent into spatial bands by smoothing
/// it again and again with box filters (finest band: the latent minus its first average; coarsest: the last
/// average, measured from the prompt colour; boxes applied one after another approach a Gaussian, so the coarse
/// bands vary smoothly instead of in squares) and, separately for luma and chroma (<see cref="LatentColourBasis"/>),
/// shrinks each band by a Wiener factor S / (S + n·σ²): S is the band's expected signal variance, n the share of
/// white noise that survives in the band. Large averages leave little noise, so a sketch's coarse layout survives
/// far more noise than its fine detail, as with real img2img.
/// </summary>
/// <param name="PoolSizes">Box filter sizes in latent cells, each odd; each smooths the previous average.</param>
/// <param name="LumaSignalVariances">S of the luma component per band, finest first; one more than the pools.</param>
/// <param name="ChromaSignalVariances">S of the two chroma components per band, finest first.</param>
/// <param name="PromptPull">
/// How far a fully weighted colour prompt moves the denoised estimate, before classifier-free guidance. Guidance
/// multiplies the conditional-minus-unconditional difference, and the unconditional prompt pulls nowhere, so at
/// guidance g the effective pull is g × this.
/// </param>
internal sealed record DenoiserTuning(int[] PoolSizes, float[] LumaSignalVariances, float[] ChromaSignalVariances, float PromptPull)
{
    /// <summary>
    /// Chosen by eye on 512×512 img2img renders (Euler, 30 steps, guidance 7.5, "fire" and other colour prompts).
    /// Pools 3 then 9 give bands of about 1, 3 and 11 latent cells (8, 24 and 88 pixels). The fine and middle
    /// bands get small S: the sampler turns each band's leftover noise into texture of about √S, so large S there
    /// means grain, and chroma gets far smaller S than luma because colour confetti looks worse than grain. The
    /// coarse S of 0.08 (luma) and 0.05 (chroma) keeps a sketch's layout nearly intact at strength 0.5 and
    /// faintly visible at 0.9, while strength 1 mostly forgets it. A pull of 0.2 becomes 1.5 at guidance 7.5:
    /// strong enough that strength 0.9 clearly takes the prompt's colour, clamped rather than absurd.
    /// </summary>
    public static DenoiserTuning Default { get; } = new(
        PoolSizes: [3, 9],
        LumaSignalVariances: [0.006f, 0.02f, 0.08f],
        ChromaSignalVariances: [0.0002f, 0.0005f, 0.05f],
        PromptPull: 0.2f);

    public int BandCount => PoolSizes.Length + 1;

    /// <summary>
    /// The share of unit white noise left in each band. Each average is a separable kernel k (the boxes so far
    /// convolved), so the band between averages a and b has the 2-D kernel a⊗a − b⊗b, whose squared sum is
    /// (a·a)² − 2(a·b)² + (b·b)²; the coarsest band is the last average itself. Ignores the border, where the
    /// averages run over fewer cells and keep a little more noise.
    /// </summary>
    public float[] BandNoiseShares()
    {
        var kernels = new List<double[]> { new[] { 1.0 } };
        foreach (int size in PoolSizes)
            kernels.Add(Convolve(kernels[^1], Enumerable.Repeat(1.0 / size, size).ToArray()));

        var shares = new float[BandCount];
        for (int band = 0; band < PoolSizes.Length; band++)
        {
            double[] finer = kernels[band], coarser = kernels[band + 1];
            double same = Dot(finer, finer), cross = Dot(finer, coarser), other = Dot(coarser, coarser);
            shares[band] = (float)(same * same - 2 * cross * cross + other * other);
        }
        double last = Dot(kernels[^1], kernels[^1]);
        shares[^1] = (float)(last * last);
        return shares;
    }

    private static double[] Convolve(double[] a, double[] b)
    {
        var result = new double[a.Length + b.Length - 1];
        for (int i = 0; i < a.Length; i++)
        for (int j = 0; j < b.Length; j++)
            result[i + j] += a[i] * b[j];
        return result;
    }

    /// <summary>Dot product of two centred odd-length kernels, the shorter one padded with zeros.</summary>
    private static double Dot(double[] a, double[] b)
    {
        if (a.Length > b.Length) (a, b) = (b, a);
        int offset = (b.Length - a.Length) / 2;
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i + offset];
        return sum;
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

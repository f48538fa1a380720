namespace InvokeAI.Core.Pipelines;

/// <summary>
/// The guidance-scale embedding an LCM UNet takes as <c>timestep_cond</c>: LCM distils classifier-free guidance into
/// the model, so instead of a second (unconditional) batch the UNet is told the guidance strength w as a sinusoidal
/// embedding (diffusers' <c>get_guidance_scale_embedding</c>, after VDM's timestep embedding).
/// </summary>
/// <remarks>
/// diffusers passes w = guidance_scale − 1, because its pipelines use the Imagen CFG formula
/// (ε_u + s·(ε_c − ε_u)) while the LCM paper's w is that s − 1. With half = dim/2 and
/// freq_k = exp(−ln(10000)·k/(half − 1)), k = 0..half − 1, the embedding is
/// [sin(1000·w·freq_k) | cos(1000·w·freq_k)], zero-padded by one value when dim is odd.
/// </remarks>
public static class LcmGuidanceEmbedding
{
    /// <summary>The width of LCM_Dreamshaper_v7's <c>timestep_cond</c> (its UNet's time_cond_proj_dim).</summary>
    public const int DefaultDimensions = 256;

    /// <summary>
    /// The embedding for a CFG scale as the user gives it (diffusers' guidance_scale; 8 is LCM's usual), one row
    /// of <paramref name="dimensions"/> values.
    /// </summary>
    /// <remarks>
    /// Computed in float32 in the order torch does it (w·1000, ln(10000)/(half − 1), k·(−that), exp, the product,
    /// sin/cos), not in double: the argument reaches 1000·w (7000 at cfg 8), where one float32 rounding of it moves
    /// the sine by up to ~5e-4, so matching torch's roundings matters more than extra precision would.
    /// </remarks>
    public static float[] For(double cfgScale, int dimensions = DefaultDimensions)
    {
        if (!double.IsFinite(cfgScale))
            throw new ArgumentOutOfRangeException(nameof(cfgScale), cfgScale, "The CFG scale must be a finite number.");
        // half − 1 is a divisor: below 4 dimensions there is no frequency spacing (torch would return NaN).
        if (dimensions < 4)
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "The embedding needs at least 4 dimensions.");

        float guidance = (float)(cfgScale - 1) * 1000f;
        int half = dimensions / 2;
        float logStep = (float)Math.Log(10000.0) / (half - 1);

        var embedding = new float[dimensions];
        for (int k = 0; k < half; k++)
        {
            float frequency = (float)Math.Exp(k * -logStep);
            float argument = guidance * frequency;
            embedding[k] = (float)Math.Sin(argument);
            embedding[half + k] = (float)Math.Cos(argument);
        }
        // An odd width leaves the last value 0, diffusers' zero pad.
        return embedding;
    }
}

namespace InvokeAI.DemoModel.Graphs;

/// <summary>
/// What the demo's four latent channels mean, shared by every graph so that they agree: after the pipeline's
/// scaling, channels 0..2 hold the red, green and blue mean of an 8×8 pixel block and channel 3 its luminance,
/// in pixel units (−1 black, 1 white) times <see cref="Gain"/>. A real VAE's latent means nothing this readable;
/// the demo's does so that its UNet can pull a region toward a colour with plain arithmetic.
/// </summary>
internal static class LatentSpace
{
    /// <summary>The SD 1.x VAE scaling factor. The pipeline applies it; the graphs undo it at their edges.</summary>
    public const double ScalingFactor = 0.18215;

    /// <summary>
    /// Scaled latent per pixel unit. A real SD latent times 0.18215 has about unit standard deviation, while block
    /// means of a typical picture spread only about ±0.4; without the gain the samplers' noise (σ ≈ 0.8 at
    /// img2img strength 0.3) would be twice as strong against the picture as with a real model, and even light
    /// img2img would come out blotchy.
    /// </summary>
    public const float Gain = 2.5f;

    /// <summary>Pixels per latent cell along each side, as in every SD VAE.</summary>
    public const int DownscaleFactor = 8;

    public const int Channels = 4;
    public const int LuminanceChannel = 3;

    /// <summary>Rec. 601 luma weights: the familiar grey conversion, good enough for a demo.</summary>
    public static readonly float[] LuminanceWeights = [0.299f, 0.587f, 0.114f];

    public static float Luminance(float red, float green, float blue) =>
        LuminanceWeights[0] * red + LuminanceWeights[1] * green + LuminanceWeights[2] * blue;
}

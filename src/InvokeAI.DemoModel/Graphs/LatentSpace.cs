namespace InvokeAI.DemoModel.Graphs;

/// <summary>
/// What the demo's four latent channels mean, shared by every graph so that they agree: after the pipeline's
/// scaling, channels 0..2 hold the red, green and blue mean of an 8×8 pixel block and channel 3 its luminance,
/// all in pixel units (−1 black, 1 white). A real VAE's latent means nothing this readable; the demo's does so
/// that its UNet can pull a region toward a colour with plain arithmetic.
/// </summary>
internal static class LatentSpace
{
    /// <summary>The SD 1.x VAE scaling factor. The pipeline applies it; the graphs undo it at their edges.</summary>
    public const double ScalingFactor = 0.18215;

    /// <summary>Pixels per latent cell along each side, as in every SD VAE.</summary>
    public const int DownscaleFactor = 8;

    public const int Channels = 4;
    public const int LuminanceChannel = 3;

    /// <summary>Rec. 601 luma weights: the familiar grey conversion, good enough for a demo.</summary>
    public static readonly float[] LuminanceWeights = [0.299f, 0.587f, 0.114f];

    public static float Luminance(float red, float green, float blue) =>
        LuminanceWeights[0] * red + LuminanceWeights[1] * green + LuminanceWeights[2] * blue;
}

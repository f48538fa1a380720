using InvokeAI.DemoModel.Graphs;
using Microsoft.ML.OnnxRuntime;

namespace InvokeAI.Core.Tests.DemoModel;

/// <summary>
/// The demo VAE: the encoder averages 8×8 blocks into readable colour channels, the decoder enlarges them smoothly,
/// and the pipeline's 0.18215 scale sits outside both graphs as with a real export.
/// </summary>
public sealed class VaeGraphTests(DemoModelFolderFixture demo) : IClassFixture<DemoModelFolderFixture>
{
    private const float ScalingFactor = 0.18215f;

    [Fact]
    public void ScaledLatentHoldsEachBlocksColourAndLuminance()
    {
        const int size = 64;
        float[] colour = [0.6f, -0.2f, 0.1f];
        var pixels = new float[3 * size * size];
        for (int c = 0; c < 3; c++) pixels.AsSpan(c * size * size, size * size).Fill(colour[c]);

        var (latent, shape) = Encode(pixels, size, size);
        Assert.Equal([1, 4, size / 8, size / 8], shape);
        float luminance = 0.299f * colour[0] + 0.587f * colour[1] + 0.114f * colour[2];
        float[] expected = [.. colour, luminance];
        for (int channel = 0; channel < 4; channel++)
        {
            double blockMean = DemoTensors.ChannelMean(latent, 4, channel) * ScalingFactor / LatentSpace.Gain;
            Assert.Equal(expected[channel], blockMean, 4);
        }
    }

    [Fact]
    public void ASmoothImageSurvivesARoundTrip()
    {
        const int size = 64;
        float[] image = DemoTensors.Gradient(size);
        float[] decoded = RoundTrip(image, size);
        double meanError = Enumerable.Range(0, image.Length).Average(i => Math.Abs(decoded[i] - image[i]));
        double maxError = Enumerable.Range(0, image.Length).Max(i => Math.Abs(decoded[i] - image[i]));
        Assert.True(meanError < 0.02, $"mean error {meanError:0.0000}");
        // Only the outermost half block, where interpolation has no neighbour to lean on, may be off more.
        Assert.True(maxError < 0.15, $"max error {maxError:0.0000}");
    }

    [Fact]
    public void ACheckerboardFinerThanABlockComesBackSmoothed()
    {
        const int size = 64;
        float[] image = DemoTensors.Checkerboard(size, square: 4);
        float[] decoded = RoundTrip(image, size);
        Assert.True(DemoTensors.StandardDeviation(decoded) < 0.1 * DemoTensors.StandardDeviation(image));
    }

    [Fact]
    public void ACoarseCheckerboardKeepsItsSquaresWithSoftEdges()
    {
        const int size = 64;
        float[] image = DemoTensors.Checkerboard(size, square: 16);
        float[] decoded = RoundTrip(image, size);
        double correlation = Enumerable.Range(0, image.Length).Average(i => (double)image[i] * decoded[i])
                             / DemoTensors.StandardDeviation(image) / DemoTensors.StandardDeviation(decoded);
        Assert.True(correlation > 0.8, $"correlation {correlation:0.000}");
        Assert.True(decoded.Max() <= 1.0001f && decoded.Min() >= -1.0001f);
    }

    [Fact]
    public void DecoderOutputIsEightTimesTheLatentInEachDirection()
    {
        var latent = new float[1 * 4 * 3 * 5];
        var (pixels, shape) = DemoTensors.Run(demo.VaeDecoder, "sample",
            NamedOnnxValue.CreateFromTensor("latent_sample", DemoTensors.Tensor(latent, 1, 4, 3, 5)));
        Assert.Equal([1, 3, 24, 40], shape);
        Assert.All(pixels, v => Assert.Equal(0f, v));
    }

    /// <summary>Encode, then the pipeline's ×0.18215 and ÷0.18215 (which cancel), then decode.</summary>
    private float[] RoundTrip(float[] image, int size)
    {
        var (latent, _) = Encode(image, size, size);
        var (decoded, shape) = DemoTensors.Run(demo.VaeDecoder, "sample",
            NamedOnnxValue.CreateFromTensor("latent_sample", DemoTensors.Tensor(latent, 1, 4, size / 8, size / 8)));
        Assert.Equal([1, 3, size, size], shape);
        return decoded;
    }

    private (float[] Latent, int[] Shape) Encode(float[] pixels, int height, int width) =>
        DemoTensors.Run(demo.VaeEncoder, "latent_sample",
            NamedOnnxValue.CreateFromTensor("sample", DemoTensors.Tensor(pixels, 1, 3, height, width)));
}

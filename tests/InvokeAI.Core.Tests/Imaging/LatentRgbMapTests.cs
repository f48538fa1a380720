using InvokeAI.Core.Imaging;

namespace InvokeAI.Core.Tests.Imaging;

public sealed class LatentRgbMapTests
{
    [Fact]
    public void StableDiffusionFactorsGiveTheExpectedBytes()
    {
        // Two cells of a [1, 4, 1, 2] latent, channel-major: cell 0 = (1, 0, 0, 0), cell 1 = (0, 0, 0, 2).
        float[] latent = [1, 0, 0, 0, 0, 0, 0, 2];
        var image = LatentRgbMap.StableDiffusion.Apply(latent, 2, 1);

        // Cell 0 is the first row of the factors, (.3444, .1385, .0670): (x + 1) / 2 × 255, rounded.
        // Cell 1 is twice the last row, (-.2614, -.3748, -1.489): blue clamps to 0.
        Assert.Equal(new byte[] { 171, 145, 136, 255, 94, 80, 0, 255 }, image.Pixels);
    }

    [Fact]
    public void OneLatentCellBecomesOnePixel()
    {
        var image = LatentRgbMap.StableDiffusion.Apply(new float[4 * 48 * 40], 48, 40);
        Assert.Equal((48, 40), (image.Width, image.Height));
        // A zero latent is mid-grey under a map without bias.
        Assert.Equal(new byte[] { 128, 128, 128, 255 }, image.Pixels[..4]);
    }

    [Fact]
    public void RefusesALatentOfTheWrongSize()
    {
        Assert.Throws<ArgumentException>(() => LatentRgbMap.StableDiffusion.Apply(new float[3 * 8 * 8], 8, 8));
    }

    [Fact]
    public void FittingRecoversAKnownMapWithBias()
    {
        var truth = new LatentRgbMap([0.5f, 0.1f, -0.2f, 0.0f, 0.4f, 0.3f, -0.3f, 0.2f, 0.1f, 0.1f, -0.1f, 0.6f], [0.05f, -0.1f, 0.2f]);
        var random = new Random(7);
        var cells = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, 4).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray()).ToList();
        var colours = cells.Select(c => truth.MapCell(c)).ToList();

        var fitted = LatentRgbMapFitting.Fit(cells, colours);

        Assert.True(fitted.RmsError(cells, colours) < 1e-4);
        var probe = fitted.MapCell([1, -1, 0.5f, 2]);
        var expected = truth.MapCell([1, -1, 0.5f, 2]);
        Assert.Equal(expected.R, probe.R, 3);
        Assert.Equal(expected.G, probe.G, 3);
        Assert.Equal(expected.B, probe.B, 3);
    }

    [Fact]
    public void FittingCopesWithARedundantChannelAndGivesItNoWeight()
    {
        // Channels 0..2 are the colour and channel 3 their luminance, as in the demo model: only 3 directions are
        // known, so the fit must stay defined, and noise along the unused direction must not change the colour.
        var random = new Random(3);
        var colours = Enumerable.Range(0, 30).Select(_ => ((float)(random.NextDouble() * 2 - 1), (float)(random.NextDouble() * 2 - 1), (float)(random.NextDouble() * 2 - 1))).ToList();
        var cells = colours.Select(c => new[] { 2.5f * c.Item1, 2.5f * c.Item2, 2.5f * c.Item3, 2.5f * (0.299f * c.Item1 + 0.587f * c.Item2 + 0.114f * c.Item3) }).ToList();

        var fitted = LatentRgbMapFitting.Fit(cells, colours);

        Assert.True(fitted.RmsError(cells, colours) < 1e-3);
        // The direction orthogonal to every clean cell: (0.299, 0.587, 0.114, -1), scaled.
        var along = fitted.MapCell([0.299f, 0.587f, 0.114f, -1f]);
        Assert.True(Math.Abs(along.R) + Math.Abs(along.G) + Math.Abs(along.B) < 0.05);
    }
}

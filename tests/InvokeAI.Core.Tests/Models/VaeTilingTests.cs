using InvokeAI.Core.Models;
using Xunit.Abstractions;

namespace InvokeAI.Core.Tests.Models;

/// <summary>The tile layout and blend weights of tiled VAE encoding and decoding: pure functions.</summary>
public sealed class VaeTilingTests
{
    public static TheoryData<int, int, int> Axes() => new()
    {
        { 1, 64, 16 }, { 64, 64, 16 }, { 65, 64, 16 }, { 112, 64, 16 }, { 113, 64, 16 }, { 128, 64, 16 }, { 256, 64, 16 },
        { 300, 64, 16 }, { 1024, 64, 16 }, { 48, 16, 4 }, { 50, 16, 4 }, { 97, 32, 0 }, { 200, 17, 16 },
    };

    [Theory]
    [MemberData(nameof(Axes))]
    public void TheTilesCoverTheAxisExactlyWithAtLeastTheOverlap(int length, int tile, int overlap)
    {
        var spans = VaeTiling.Layout(length, tile, overlap);

        Assert.Equal(0, spans[0].Start);
        Assert.Equal(length, spans[^1].End);
        Assert.All(spans, s => Assert.Equal(Math.Min(tile, length), s.Length));
        for (int i = 1; i < spans.Count; i++)
        {
            Assert.True(spans[i].Start > spans[i - 1].Start, $"tile {i} does not move on");
            Assert.True(spans[i - 1].End - spans[i].Start >= overlap, $"tiles {i - 1} and {i} overlap by {spans[i - 1].End - spans[i].Start} < {overlap}");
        }
        // As few tiles as the overlap allows: one fewer could not cover the axis.
        int fewer = spans.Count - 1;
        if (fewer >= 1) Assert.True(fewer * tile - (fewer - 1) * overlap < length);
    }

    [Fact]
    public void ALatentOfTheDefaultTileIsOneTileAndTheNextSizeUpTwo()
    {
        Assert.Single(VaeTiling.Layout(64, 64, 16));
        Assert.Equal([new TileSpan(0, 64), new TileSpan(48, 64)], VaeTiling.Layout(112, 64, 16));
        // A 2048-pixel side: 256 latents in five 512-pixel tiles, 48 latents (384 px) apart.
        Assert.Equal([0, 48, 96, 144, 192], VaeTiling.Layout(256, 64, 16).Select(s => s.Start));
    }

    [Theory]
    [MemberData(nameof(Axes))]
    public void TheWeightsSumToOneEverywhereAndRampAcrossTheOverlaps(int length, int tile, int overlap)
    {
        foreach (int scale in new[] { 1, 8 })
        {
            var spans = VaeTiling.Layout(length, tile, overlap);
            var weights = VaeTiling.Weights(spans, scale);
            var sum = new double[length * scale];
            for (int i = 0; i < spans.Count; i++)
            {
                Assert.Equal(spans[i].Length * scale, weights[i].Length);
                for (int k = 0; k < weights[i].Length; k++)
                {
                    Assert.InRange(weights[i][k], 1e-6f, 1f);
                    sum[spans[i].Start * scale + k] += weights[i][k];
                }
            }
            Assert.All(sum, s => Assert.Equal(1.0, s, 5));
            if (spans.Count < 2) continue;
            // A tile's own edge next to a neighbour weighs next to nothing; its weight rises monotonically away from it.
            Assert.True(weights[1][0] < 0.5f / Math.Max(1, overlap * scale) + 1e-6f || overlap == 0);
            // (Up to where a third tile joins in, when tiles are so close that three overlap.)
            int rising = (Math.Min(spans[0].End, spans.Count > 2 ? spans[2].Start : int.MaxValue) - spans[1].Start) * scale;
            for (int k = 1; k < rising; k++) Assert.True(weights[1][k] >= weights[1][k - 1], $"weight falls at {k}");
            Assert.Equal(1f, weights[0][0]);
        }
    }

    [Fact]
    public void BlendingTilesOfOneTensorGivesTheTensorBack()
    {
        // Tiles that are exact crops blend back to the original everywhere: weights sum to 1 and nothing is dropped.
        const int w = 37, h = 23, channels = 3, scale = 8;
        var whole = new float[channels * w * scale * h * scale];
        for (int i = 0; i < whole.Length; i++) whole[i] = MathF.Sin(i * 0.013f) + i % 7;
        var tiles = new VaeTileSize(10, 3);
        int calls = 0;
        var blended = VaeTiling.Blend(w, h, tiles, channels, scale, (x, y) =>
        {
            calls++;
            return VaeTiling.Crop(whole, channels, w * scale, h * scale, x, y, scale);
        });
        Assert.Equal(VaeTiling.Layout(w, 10, 3).Count * VaeTiling.Layout(h, 10, 3).Count, calls);
        Assert.True(calls > 1);
        for (int i = 0; i < whole.Length; i++) Assert.True(Math.Abs(whole[i] - blended[i]) < 1e-4, $"{i}: {whole[i]} became {blended[i]}");
    }

    [Theory]
    [InlineData(null, 1024, 1024, false)]
    [InlineData(null, 1024, 1088, true)]
    [InlineData(null, 2048, 2048, true)]
    [InlineData(true, 64, 64, true)]
    [InlineData(false, 4096, 4096, false)]
    public void TilingIsAutomaticAboveTheBudgetUnlessTheRenderSays(bool? tiled, int width, int height, bool expected) =>
        Assert.Equal(expected, VaeTiling.ShouldTile(tiled, width, height));

    [Fact]
    public void AnOverlapAsLargeAsTheTileIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VaeTiling.Layout(100, 16, 16));
}

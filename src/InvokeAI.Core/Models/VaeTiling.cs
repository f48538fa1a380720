namespace InvokeAI.Core.Models;

/// <summary>One tile along one axis, in latent cells: [Start, Start + Length).</summary>
internal readonly record struct TileSpan(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// The size of the VAE's tiles, in latent cells (one cell is 8 × 8 pixels, so every pixel tile is a multiple of 8):
/// a tile's side and how far neighbouring tiles at least overlap.
/// </summary>
internal sealed record VaeTileSize(int Latents, int OverlapLatents)
{
    /// <summary>
    /// diffusers' AutoencoderKL tiling: 512-pixel tiles (64 latents) overlapping by a quarter (128 pixels, 16 latents),
    /// the size SD 1.x's VAE was trained at.
    /// </summary>
    public static VaeTileSize Default { get; } = new(64, 16);
}

/// <summary>
/// Tiled VAE encoding and decoding for images too large to run through the VAE at once: the latent grid is cut into
/// overlapping tiles (<see cref="Layout"/>), each tile is encoded or decoded on its own, and the results are blended
/// with weights that ramp linearly across every overlap and sum to 1 everywhere (<see cref="Weights"/>), so no seam
/// shows. The VAE's memory grows with the image (its decoder's mid-block attention with the square of the latent's
/// cell count); a tile's does not.
/// </summary>
internal static class VaeTiling
{
    /// <summary>Pixels per latent cell along each axis.</summary>
    public const int Factor = 8;

    /// <summary>
    /// Images of more pixels than this (1024 × 1024) are tiled when the render does not say (Tiled null). Up to it the
    /// whole-image VAE needs at most about 1-2 GB on the CPU for SD 1.x (its decoder's attention over a 128 × 128
    /// latent is a 16384² matrix, 1 GiB in float32), and SDXL's native size is rendered untiled as SDXL expects;
    /// at 2048 × 2048 the same matrix alone is 16 GiB.
    /// </summary>
    public const long DefaultPixelBudget = 1024L * 1024;

    /// <summary>Whether a width × height image is tiled: as <paramref name="tiled"/> says, or when null above the budget.</summary>
    public static bool ShouldTile(bool? tiled, int width, int height, long pixelBudget = DefaultPixelBudget) =>
        tiled ?? (long)width * height > pixelBudget;

    /// <summary>
    /// Tiles covering [0, <paramref name="length"/>) exactly: as few as leave every neighbour overlapping by at least
    /// <paramref name="overlap"/>, spread evenly, the first starting at 0 and the last ending at length. One tile (the
    /// whole length) when it fits.
    /// </summary>
    public static IReadOnlyList<TileSpan> Layout(int length, int tile, int overlap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tile, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(overlap);
        if (overlap >= tile) throw new ArgumentOutOfRangeException(nameof(overlap), overlap, $"The overlap must be less than the tile ({tile}).");
        if (length <= tile) return [new TileSpan(0, length)];
        int stride = tile - overlap;
        int count = (length - overlap + stride - 1) / stride;
        var spans = new TileSpan[count];
        for (int i = 0; i < count; i++)
        {
            int start = (int)Math.Round((double)i * (length - tile) / (count - 1), MidpointRounding.AwayFromZero);
            spans[i] = new TileSpan(start, tile);
        }
        return spans;
    }

    /// <summary>
    /// Each tile's blend weight at each of its positions, in output units (<paramref name="scale"/> per latent cell: 8
    /// for decoded pixels, 1 for encoded latents): rising linearly across its overlap with the previous tile, falling
    /// across its overlap with the next, 1 elsewhere, then divided by the sum over all tiles so the weights at every
    /// position sum to exactly 1. No weight is 0 (the ramps are sampled at cell centres), so every position is covered.
    /// </summary>
    public static float[][] Weights(IReadOnlyList<TileSpan> spans, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        int length = spans[^1].End * scale;
        var raw = new double[spans.Count][];
        var total = new double[length];
        for (int i = 0; i < spans.Count; i++)
        {
            int start = spans[i].Start * scale, size = spans[i].Length * scale;
            raw[i] = new double[size];
            int rise = i > 0 ? Math.Max(0, spans[i - 1].End * scale - start) : 0;
            int fallFrom = i < spans.Count - 1 ? spans[i + 1].Start * scale - start : size;
            int fall = size - fallFrom;
            for (int k = 0; k < size; k++)
            {
                double up = k < rise ? (k + 0.5) / rise : 1;
                double down = k >= fallFrom && fall > 0 ? 1 - (k - fallFrom + 0.5) / fall : 1;
                raw[i][k] = Math.Min(up, down);
                total[start + k] += raw[i][k];
            }
        }
        var weights = new float[spans.Count][];
        for (int i = 0; i < spans.Count; i++)
        {
            int start = spans[i].Start * scale;
            weights[i] = new float[raw[i].Length];
            for (int k = 0; k < raw[i].Length; k++) weights[i][k] = (float)(raw[i][k] / total[start + k]);
        }
        return weights;
    }

    /// <summary>
    /// The tiles of a <paramref name="latentWidth"/> × <paramref name="latentHeight"/> latent grid, run one at a time
    /// through <paramref name="runTile"/> (given the tile's x and y spans, it returns [channels, y·scale, x·scale]),
    /// blended into one [<paramref name="channels"/>, H·scale, W·scale] result.
    /// </summary>
    public static float[] Blend(int latentWidth, int latentHeight, VaeTileSize tiles, int channels, int scale,
        Func<TileSpan, TileSpan, float[]> runTile)
    {
        var columns = Layout(latentWidth, tiles.Latents, tiles.OverlapLatents);
        var rows = Layout(latentHeight, tiles.Latents, tiles.OverlapLatents);
        var columnWeights = Weights(columns, scale);
        var rowWeights = Weights(rows, scale);
        int width = latentWidth * scale, height = latentHeight * scale;
        var result = new float[channels * width * height];
        for (int r = 0; r < rows.Count; r++)
        for (int c = 0; c < columns.Count; c++)
        {
            var (x, y) = (columns[c], rows[r]);
            int tileWidth = x.Length * scale, tileHeight = y.Length * scale;
            float[] tile = runTile(x, y);
            if (tile.Length != channels * tileWidth * tileHeight)
                throw new InvalidOperationException(
                    $"A {x.Length}×{y.Length} tile gave {tile.Length} values; {channels}×{tileWidth}×{tileHeight} were expected.");
            float[] wx = columnWeights[c], wy = rowWeights[r];
            for (int ch = 0; ch < channels; ch++)
            for (int ty = 0; ty < tileHeight; ty++)
            {
                int source = (ch * tileHeight + ty) * tileWidth;
                int target = (ch * height + y.Start * scale + ty) * width + x.Start * scale;
                float rowWeight = wy[ty];
                for (int tx = 0; tx < tileWidth; tx++) result[target + tx] += tile[source + tx] * wx[tx] * rowWeight;
            }
        }
        return result;
    }

    /// <summary>The [channels, y.Length·scale, x.Length·scale] block of a [channels, height, width] tensor.</summary>
    public static float[] Crop(float[] tensor, int channels, int width, int height, TileSpan x, TileSpan y, int scale)
    {
        int tileWidth = x.Length * scale, tileHeight = y.Length * scale;
        var tile = new float[channels * tileWidth * tileHeight];
        for (int ch = 0; ch < channels; ch++)
        for (int ty = 0; ty < tileHeight; ty++)
            Array.Copy(tensor, (ch * height + y.Start * scale + ty) * width + x.Start * scale, tile, (ch * tileHeight + ty) * tileWidth, tileWidth);
        return tile;
    }
}

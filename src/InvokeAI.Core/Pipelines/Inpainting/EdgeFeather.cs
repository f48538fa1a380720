namespace InvokeAI.Core.Pipelines.Inpainting;

/// <summary>
/// How much of the rendered pixel each output pixel takes: the mask, feathered inward only. A pixel at Euclidean
/// distance d from the nearest kept pixel (mask 0) takes m · min(1, d / (blur + 1)), so the repaint fades in over
/// the <c>blur</c> pixels just inside the hole and every pixel the mask keeps stays exactly the original: blurring
/// outward, as a plain blur of the mask would, would alter pixels the user asked to keep.
/// </summary>
internal static class EdgeFeather
{
    /// <summary>Weights 0..1, one per pixel of <paramref name="mask"/>, row-major.</summary>
    public static float[] Weights(InpaintMask mask, int blur)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(blur);
        int reach = blur + 1;
        int[] rowDistance = DistanceAlongRows(mask, reach);
        var weights = new float[mask.Repaint.Length];
        for (int y = 0; y < mask.Height; y++)
        for (int x = 0; x < mask.Width; x++)
        {
            int p = y * mask.Width + x;
            if (mask.Repaint[p] == 0) continue;
            double distance = Math.Sqrt(SquaredDistanceToKept(rowDistance, mask.Width, mask.Height, x, y, reach));
            weights[p] = mask.Amount(p) * (float)Math.Min(1.0, distance / reach);
        }
        return weights;
    }

    /// <summary>
    /// For each pixel, the distance along its row to the nearest kept pixel, capped at <paramref name="reach"/>
    /// (only distances below the reach change a weight). Two scans per row, left then right.
    /// </summary>
    private static int[] DistanceAlongRows(InpaintMask mask, int reach)
    {
        int width = mask.Width;
        var distance = new int[mask.Repaint.Length];
        for (int y = 0; y < mask.Height; y++)
        {
            int row = y * width, sinceKept = reach;
            for (int x = 0; x < width; x++)
            {
                sinceKept = mask.Repaint[row + x] == 0 ? 0 : Math.Min(reach, sinceKept + 1);
                distance[row + x] = sinceKept;
            }
            sinceKept = reach;
            for (int x = width - 1; x >= 0; x--)
            {
                sinceKept = mask.Repaint[row + x] == 0 ? 0 : Math.Min(reach, sinceKept + 1);
                distance[row + x] = Math.Min(distance[row + x], sinceKept);
            }
        }
        return distance;
    }

    /// <summary>
    /// The squared Euclidean distance from (x, y) to the nearest kept pixel, or reach² when none is nearer: the
    /// nearest kept pixel of each row within reach, combined with that row's vertical offset.
    /// </summary>
    private static int SquaredDistanceToKept(int[] rowDistance, int width, int height, int x, int y, int reach)
    {
        int along = rowDistance[y * width + x];
        int best = along * along;
        for (int dy = 1; dy < reach && dy * dy < best; dy++)
            best = Math.Min(best, Math.Min(Via(y - dy, dy), Via(y + dy, dy)));
        return best;

        int Via(int row, int dy)
        {
            if (row < 0 || row >= height) return int.MaxValue;
            int d = rowDistance[row * width + x];
            return d < reach ? d * d + dy * dy : int.MaxValue;
        }
    }
}

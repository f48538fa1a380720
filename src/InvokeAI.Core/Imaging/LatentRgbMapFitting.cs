namespace InvokeAI.Core.Imaging;

/// <summary>Finds the <see cref="LatentRgbMap"/> of a VAE from latent cells whose colours are known.</summary>
public static class LatentRgbMapFitting
{
    /// <summary>
    /// The map (with bias) that best predicts the given colours from the given latent cells, by least squares.
    /// A small ridge term keeps it defined when channels are redundant (a VAE whose four channels span only
    /// three colour directions), and then gives the redundant direction, which can hold only noise, no weight.
    /// </summary>
    /// <param name="cells">Latent cells, each of the same channel count.</param>
    /// <param name="colours">The colour in [-1, 1] each cell should show.</param>
    public static LatentRgbMap Fit(IReadOnlyList<float[]> cells, IReadOnlyList<(float R, float G, float B)> colours)
    {
        if (cells.Count == 0 || cells.Count != colours.Count)
            throw new ArgumentException($"Fitting needs as many colours as latent cells, at least one ({cells.Count} cells, {colours.Count} colours).", nameof(colours));
        int channels = cells[0].Length;
        if (cells.Any(c => c.Length != channels))
            throw new ArgumentException("Every latent cell must have the same number of channels.", nameof(cells));

        // Unknowns per colour component: one weight per channel, then the bias (an always-1 input).
        int unknowns = channels + 1;
        var normal = new double[unknowns, unknowns];
        var right = new double[unknowns, 3];
        var input = new double[unknowns];
        for (int n = 0; n < cells.Count; n++)
        {
            for (int c = 0; c < channels; c++) input[c] = cells[n][c];
            input[channels] = 1;
            double[] target = [colours[n].R, colours[n].G, colours[n].B];
            for (int i = 0; i < unknowns; i++)
            {
                for (int j = 0; j < unknowns; j++) normal[i, j] += input[i] * input[j];
                for (int k = 0; k < 3; k++) right[i, k] += input[i] * target[k];
            }
        }
        double ridge = 1e-6 * Enumerable.Range(0, channels).Sum(c => normal[c, c]) / channels + 1e-12;
        for (int c = 0; c < channels; c++) normal[c, c] += ridge;

        double[,] solution = Solve(normal, right);
        var factors = new float[3 * channels];
        for (int c = 0; c < channels; c++)
        for (int k = 0; k < 3; k++)
            factors[3 * c + k] = (float)solution[c, k];
        return new LatentRgbMap(factors, [(float)solution[channels, 0], (float)solution[channels, 1], (float)solution[channels, 2]]);
    }

    /// <summary>Gaussian elimination with partial pivoting on A·X = B (A is small: channels + 1 square).</summary>
    private static double[,] Solve(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = b.GetLength(1);
        a = (double[,])a.Clone();
        b = (double[,])b.Clone();
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < n; row++)
                if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col])) pivot = row;
            if (Math.Abs(a[pivot, col]) < 1e-300)
                throw new ArgumentException("The latent cells do not determine a colour map (all cells alike?).");
            Swap(a, col, pivot);
            Swap(b, col, pivot);
            for (int row = col + 1; row < n; row++)
            {
                double f = a[row, col] / a[col, col];
                for (int k = col; k < n; k++) a[row, k] -= f * a[col, k];
                for (int k = 0; k < m; k++) b[row, k] -= f * b[col, k];
            }
        }
        var x = new double[n, m];
        for (int row = n - 1; row >= 0; row--)
        for (int k = 0; k < m; k++)
        {
            double sum = b[row, k];
            for (int j = row + 1; j < n; j++) sum -= a[row, j] * x[j, k];
            x[row, k] = sum / a[row, row];
        }
        return x;
    }

    private static void Swap(double[,] matrix, int rowA, int rowB)
    {
        if (rowA == rowB) return;
        for (int k = 0; k < matrix.GetLength(1); k++)
            (matrix[rowA, k], matrix[rowB, k]) = (matrix[rowB, k], matrix[rowA, k]);
    }
}

namespace InvokeAI.DemoModel.Graphs;

/// <summary>
/// An orthonormal basis of the three latent directions that real images can occupy: a clean latent is
/// (R, G, B, luminance of R, G, B), a 3-dimensional subspace of the 4 channels. The basis is one grey ("luma")
/// direction and two colour-difference ("chroma") directions. Noise is white in any orthonormal basis, but image
/// content is not: fine detail is mostly luma, colour changes slowly. So the UNet denoises luma and chroma with
/// different strengths, and projecting onto these three directions drops the fourth, pure-noise one for free.
/// </summary>
internal static class LatentColourBasis
{
    public const int Components = 3;
    public const int LumaComponent = 0;

    /// <summary>Rows: luma, red-difference, blue-difference; columns: the 4 latent channels.</summary>
    public static double[,] Rows { get; } = Build();

    private static double[,] Build()
    {
        var w = LatentSpace.LuminanceWeights;
        // Grey has R = G = B = luminance, so (1, 1, 1, 1) is a possible clean latent.
        double[] luma = Normalise([1, 1, 1, 1]);
        double[] redDifference = Normalise(RemoveProjections([1, 0, 0, w[0]], luma));
        double[] blueDifference = Normalise(RemoveProjections([0, 0, 1, w[2]], luma, redDifference));

        var rows = new double[Components, LatentSpace.Channels];
        double[][] basis = [luma, redDifference, blueDifference];
        for (int i = 0; i < Components; i++)
        for (int j = 0; j < LatentSpace.Channels; j++)
            rows[i, j] = basis[i][j];
        return rows;
    }

    /// <summary>Latent → components, as 1×1 convolution weights [3, 4, 1, 1].</summary>
    public static float[] ToComponentsWeights() => Flatten(transpose: false);

    /// <summary>Components → latent, as 1×1 convolution weights [4, 3, 1, 1] (the transpose, the basis being orthonormal).</summary>
    public static float[] FromComponentsWeights() => Flatten(transpose: true);

    /// <summary>The same map as <see cref="ToComponentsWeights"/> for a [batch, 4] row vector: a [4, 3] MatMul operand.</summary>
    public static float[] ToComponentsMatrix() => Flatten(transpose: true);

    private static float[] Flatten(bool transpose)
    {
        int rows = transpose ? LatentSpace.Channels : Components, columns = transpose ? Components : LatentSpace.Channels;
        var values = new float[rows * columns];
        for (int i = 0; i < rows; i++)
        for (int j = 0; j < columns; j++)
            values[i * columns + j] = (float)(transpose ? Rows[j, i] : Rows[i, j]);
        return values;
    }

    private static double[] RemoveProjections(double[] vector, params double[][] unitVectors)
    {
        var result = (double[])vector.Clone();
        foreach (var unit in unitVectors)
        {
            double dot = result.Zip(unit, (a, b) => a * b).Sum();
            for (int i = 0; i < result.Length; i++) result[i] -= dot * unit[i];
        }
        return result;
    }

    private static double[] Normalise(double[] vector)
    {
        double length = Math.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / length).ToArray();
    }
}

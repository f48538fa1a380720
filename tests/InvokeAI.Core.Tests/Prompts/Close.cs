namespace InvokeAI.Core.Tests.Prompts;

/// <summary>Float comparisons for conditioning: within 1e-5 absolute plus 1e-5 relative.</summary>
internal static class Close
{
    public const double Tolerance = 1e-5;

    public static void Equal(float[] expected, float[] actual, string what = "value", double tolerance = Tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (Math.Abs(expected[i] - actual[i]) > tolerance * (1 + Math.Abs(expected[i])))
                Assert.Fail($"{what} {i}: expected {expected[i]:R}, got {actual[i]:R}.");
        }
    }

    public static double MaxDifference(float[] a, float[] b) =>
        a.Zip(b, (x, y) => (double)Math.Abs(x - y)).Max();

    /// <summary>Fails unless the two differ clearly, so a test comparing against one of them can tell them apart.</summary>
    public static void Differ(float[] a, float[] b, string why)
    {
        Assert.Equal(a.Length, b.Length);
        Assert.True(MaxDifference(a, b) > 1e-3, why);
    }
}

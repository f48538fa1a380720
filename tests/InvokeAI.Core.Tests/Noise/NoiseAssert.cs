namespace InvokeAI.Core.Tests.Noise;

/// <summary>Element-wise comparisons that name the first differing index, so a failing oracle says where.</summary>
internal static class NoiseAssert
{
    /// <summary>Values printed to 4 decimals are off by at most 5e-5 from rounding; this leaves a margin.</summary>
    public const double FourDecimals = 1e-4;

    /// <summary>Full-precision values: the spread between PyTorch builds' float32 math libraries.</summary>
    public const double FullPrecision = 2e-6;

    public static void Close(IReadOnlyList<double> expected, ReadOnlySpan<float> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Length);
        for (int i = 0; i < expected.Count; i++)
        {
            double difference = Math.Abs(expected[i] - actual[i]);
            Assert.True(
                difference <= tolerance,
                $"Element {i}: expected {expected[i]:R}, got {actual[i]:R} (off by {difference:E2}, tolerance {tolerance:E0}).");
        }
    }

    /// <summary>Each value must be the float32 that the printed double denotes, bit for bit.</summary>
    public static void BitIdentical(IReadOnlyList<double> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Count, actual.Length);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(
                (float)expected[i] == actual[i],
                $"Element {i}: expected {(float)expected[i]:R}, got {actual[i]:R}.");
        }
    }

    public static void Identical(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToUInt32Bits(expected[i]) == BitConverter.SingleToUInt32Bits(actual[i]),
                $"Element {i}: expected {expected[i]:R}, got {actual[i]:R}.");
        }
    }
}

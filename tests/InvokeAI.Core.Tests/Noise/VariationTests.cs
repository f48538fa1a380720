using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Tests.Noise;

public sealed class VariationTests
{
    private static readonly float[] A = new TorchCpuGenerator(1).Randn(16384);
    private static readonly float[] B = new TorchCpuGenerator(2).Randn(16384);

    private static double Variance(float[] v) => v.Sum(x => (double)x * x) / v.Length;

    [Fact]
    public void AmountZeroIsTheBaseNoiseAndOneTheOther()
    {
        Assert.Equal(A, NoiseSlerp.Slerp(0, A, B));
        var one = NoiseSlerp.Slerp(1, A, B);
        for (int i = 0; i < B.Length; i++) Assert.Equal(B[i], one[i], 5);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void SlerpKeepsUnitVariance_WhereLerpWouldShrinkIt(double t)
    {
        var mixed = NoiseSlerp.Slerp(t, A, B);
        Assert.InRange(Variance(mixed), 0.97, 1.03);
        // A straight blend halfway between independent noises would have variance 0.5: the property slerp exists for.
        var lerp = A.Zip(B, (a, b) => (float)((1 - t) * a + t * b)).ToArray();
        Assert.True(Variance(lerp) < Variance(mixed) - 0.05 || t < 0.2);
    }

    [Fact]
    public void MatchesTheFormulaAtAnIntermediatePoint()
    {
        // Written out independently: θ = acos(cos), weights sin((1−t)θ)/sin θ and sin(tθ)/sin θ.
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < A.Length; i++) { dot += (double)A[i] * B[i]; na += (double)A[i] * A[i]; nb += (double)B[i] * B[i]; }
        double theta = Math.Acos(dot / Math.Sqrt(na * nb));
        double w0 = Math.Sin(0.7 * theta) / Math.Sin(theta), w1 = Math.Sin(0.3 * theta) / Math.Sin(theta);
        var mixed = NoiseSlerp.Slerp(0.3, A, B);
        for (int i = 0; i < 100; i++) Assert.Equal(w0 * A[i] + w1 * B[i], mixed[i], 5);
    }

    [Fact]
    public void NearlyParallelVectorsAreBlendedLinearly()
    {
        var nearlyA = A.Select(x => x * 1.0001f).ToArray();
        var mixed = NoiseSlerp.Slerp(0.5, A, nearlyA);
        for (int i = 0; i < 100; i++) Assert.Equal(0.5 * A[i] + 0.5 * nearlyA[i], mixed[i], 5);
    }

    [Fact]
    public void RecordedPairsRebuildTheSameNoise()
    {
        var pairs = SeedWeight.ParseList("7:0.1, 8:0.25");
        var first = VariationNoise.Apply(A, NoiseSource.Cpu, pairs);
        var again = VariationNoise.Apply(new TorchCpuGenerator(1).Randn(16384), NoiseSource.Cpu, SeedWeight.ParseList(SeedWeight.Format(pairs)));
        Assert.Equal(first, again);
        Assert.NotEqual(A, first);
        var manual = NoiseSlerp.Slerp(0.25, NoiseSlerp.Slerp(0.1, A, new TorchCpuGenerator(7).Randn(16384)), new TorchCpuGenerator(8).Randn(16384));
        Assert.Equal(manual, first);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("12:1.5")]
    [InlineData("x:0.1")]
    [InlineData("-1:0.1")]
    public void MalformedListsAreRefusedNamingThePart(string text)
    {
        var e = Assert.Throws<FormatException>(() => SeedWeight.ParseList(text));
        Assert.Contains(text, e.Message);
    }
}

using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Pipelines;

public class LcmGuidanceEmbeddingTests
{
    private const int Half = 128;

    [Fact]
    public void CfgEightIsWSevenWhoseFirstFrequencyIsExactlySevenThousand()
    {
        float[] embedding = LcmGuidanceEmbedding.For(8.0);

        Assert.Equal(256, embedding.Length);
        // k = 0: frequency exp(0) = 1, so the argument 7000 has no rounding at all.
        Assert.Equal(Math.Sin(7000.0), embedding[0], 6);
        Assert.Equal(Math.Cos(7000.0), embedding[Half], 6);
    }

    [Fact]
    public void BothHalvesFollowTheDoublePrecisionFormulaWithinFloat32Rounding()
    {
        float[] embedding = LcmGuidanceEmbedding.For(8.0);

        for (int k = 0; k < Half; k++)
        {
            double exponent = -Math.Log(10000.0) * k / (Half - 1);
            double argument = 7.0 * 1000.0 * Math.Exp(exponent);
            // The implementation follows torch's float32 arithmetic: the argument can be off by a few float32
            // roundings of its size (more where the exponent is large), which the sine and cosine pass on.
            double tolerance = 1e-6 + argument * (1 + Math.Abs(exponent)) * 2.4e-7;
            Assert.InRange(embedding[k], Math.Sin(argument) - tolerance, Math.Sin(argument) + tolerance);
            Assert.InRange(embedding[Half + k], Math.Cos(argument) - tolerance, Math.Cos(argument) + tolerance);
        }
    }

    [Fact]
    public void TheLastFrequencyIsOneTenThousandth()
    {
        // k = half − 1 gives exp(−ln 10000) = 1e-4: w·1000·1e-4 = 0.7 at w = 7.
        float[] embedding = LcmGuidanceEmbedding.For(8.0);

        Assert.Equal(Math.Sin(0.7), embedding[Half - 1], 5);
        Assert.Equal(Math.Cos(0.7), embedding[^1], 5);
    }

    [Fact]
    public void CfgOneIsWZeroGivingSineZeroAndCosineOne()
    {
        float[] embedding = LcmGuidanceEmbedding.For(1.0);

        Assert.All(embedding[..Half], value => Assert.Equal(0f, value));
        Assert.All(embedding[Half..], value => Assert.Equal(1f, value));
    }

    [Fact]
    public void AnOddWidthIsZeroPadded()
    {
        float[] odd = LcmGuidanceEmbedding.For(8.0, 257);

        Assert.Equal(257, odd.Length);
        Assert.Equal(0f, odd[^1]);
        Assert.Equal(LcmGuidanceEmbedding.For(8.0, 256), odd[..256]);
    }

    [Fact]
    public void OtherWidthsSpaceTheirOwnFrequencies()
    {
        float[] embedding = LcmGuidanceEmbedding.For(3.0, 8);

        // half 4: frequencies 10000^(−k/3); w = 2 → arguments 2000, 2000/10000^(1/3), ...
        for (int k = 0; k < 4; k++)
        {
            double argument = 2000.0 * Math.Pow(10000.0, -k / 3.0);
            Assert.Equal(Math.Sin(argument), embedding[k], 3);
            Assert.Equal(Math.Cos(argument), embedding[4 + k], 3);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    public void TooFewDimensionsAreRefused(int dimensions) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LcmGuidanceEmbedding.For(8.0, dimensions));
}

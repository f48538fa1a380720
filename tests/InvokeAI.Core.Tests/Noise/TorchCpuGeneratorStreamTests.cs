using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Tests.Noise;

/// <summary>
/// How successive calls share one stream. Expectations follow from the algorithm: below 16 elements each
/// pair of values is (r·cos θ, r·sin θ) of one Box–Muller draw, and the sine half waits in the generator
/// for the next element, whichever call asks for it.
/// </summary>
public class TorchCpuGeneratorStreamTests
{
    [Fact]
    public void SpareValueOfOneCallIsTheFirstValueOfTheNext()
    {
        float[] together = new TorchCpuGenerator(0).Randn(2);

        var generator = new TorchCpuGenerator(0);
        float first = generator.Randn(1)[0];
        float second = generator.Randn(1)[0];

        NoiseAssert.Identical(together, new[] { first, second });
    }

    [Fact]
    public void OddSizedCallsJoinUpLikeOneCall()
    {
        float[] together = new TorchCpuGenerator(7).Randn(4);

        var generator = new TorchCpuGenerator(7);
        float[] firstThree = generator.Randn(3);
        float[] fourth = generator.Randn(1);

        NoiseAssert.Identical(together, [.. firstThree, .. fourth]);
    }

    [Fact]
    public void SpareValueSurvivesABlockPathCallInBetween()
    {
        // The 16-wide path draws float uniforms only and never touches the spare.
        var reference = new TorchCpuGenerator(3);
        float[] pair = reference.Randn(2);
        float[] block = reference.Randn(16);

        var generator = new TorchCpuGenerator(3);
        float first = generator.Randn(1)[0];
        float[] blockInBetween = generator.Randn(16);
        float spare = generator.Randn(1)[0];

        NoiseAssert.Identical(pair, new[] { first, spare });
        NoiseAssert.Identical(block, blockInBetween);
    }

    [Fact]
    public void BlockPathCallsContinueTheStream()
    {
        // Two 16-element calls use the 32 uniforms that one 32-element call uses, in the same pairing.
        float[] together = new TorchCpuGenerator(11).Randn(32);

        var generator = new TorchCpuGenerator(11);
        float[] first = generator.Randn(16);
        float[] second = generator.Randn(16);

        NoiseAssert.Identical(together, [.. first, .. second]);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(1 * 4 * 64 * 64)]
    [InlineData(1 * 4 * 128 * 128)]
    public void SameSeedGivesIdenticalNoise(int count)
    {
        NoiseAssert.Identical(new TorchCpuGenerator(1234).Randn(count), new TorchCpuGenerator(1234).Randn(count));
    }

    [Fact]
    public void OnlyTheLow32BitsOfTheSeedMatter()
    {
        // torch.manual_seed keeps the full seed but seeds its CPU engine with the low 32 bits.
        NoiseAssert.Identical(new TorchCpuGenerator(42).Randn(24), new TorchCpuGenerator((1ul << 32) + 42).Randn(24));
    }

    [Fact]
    public void DifferentSeedsGiveDifferentNoise()
    {
        Assert.NotEqual(new TorchCpuGenerator(1).Randn(16), new TorchCpuGenerator(2).Randn(16));
    }

    [Fact]
    public void FillRandnMatchesRandn()
    {
        var buffer = new float[40];
        new TorchCpuGenerator(5).FillRandn(buffer);

        NoiseAssert.Identical(new TorchCpuGenerator(5).Randn(40), buffer);
    }

    [Fact]
    public void ZeroElementsIsEmptyAndNegativeIsRejected()
    {
        var generator = new TorchCpuGenerator(0);

        Assert.Empty(generator.Randn(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Randn(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.RandomUInt32Below(0));
    }
}

using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>
/// The ancestral samplers' randomness must come only from the generator passed to Step, one
/// <c>Randn(n)</c> per step that does not end at σ = 0, so that a seed reproduces a render; the others draw nothing.
/// </summary>
public class AncestralSamplerNoiseTests
{
    private const int Steps = 10;
    private const int LatentSize = 64;

    public static IEnumerable<object[]> AncestralNames() =>
        [[KSamplerCatalog.EulerAncestral], [KSamplerCatalog.Dpm2Ancestral]];

    public static IEnumerable<object[]> DeterministicNames()
    {
        foreach (string name in KSamplerCatalog.AllNames)
            if (!KSamplerCatalog.IsAncestral(name)) yield return [name];
    }

    [Theory]
    [MemberData(nameof(AncestralNames))]
    public void TheSameSeedGivesTheSameImageAndAnotherSeedAnotherImage(string name)
    {
        float[] first = Run(name, seed: 11, startIndex: 0, out _);
        float[] again = Run(name, seed: 11, startIndex: 0, out _);
        float[] other = Run(name, seed: 12, startIndex: 0, out _);

        Assert.Equal(first, again);
        double largestDifference = 0;
        for (int k = 0; k < LatentSize; k++) largestDifference = Math.Max(largestDifference, Math.Abs(first[k] - other[k]));
        Assert.True(largestDifference > 1e-2, $"Seeds 11 and 12 differ by at most {largestDifference}.");
    }

    [Theory]
    [InlineData(KSamplerCatalog.EulerAncestral, 0)]
    [InlineData(KSamplerCatalog.EulerAncestral, 6)]
    [InlineData(KSamplerCatalog.Dpm2Ancestral, 0)]
    [InlineData(KSamplerCatalog.Dpm2Ancestral, 6)]
    public void EveryStepButTheLastDrawsOneNoiseOfTheLatentSize(string name, int startIndex)
    {
        Run(name, seed: 3, startIndex, out var draws);

        Assert.Equal(Steps - startIndex - 1, draws.Count);
        Assert.All(draws, draw => Assert.Equal(LatentSize, draw.Length));
    }

    [Theory]
    [MemberData(nameof(AncestralNames))]
    public void AGeneratorThatReturnsTheWrongCountIsReportedWithBothCounts(string name)
    {
        var sampler = KSamplerCatalog.Create(name, SchedulerConfig.StableDiffusion1, Steps);

        var e = Assert.Throws<InvalidOperationException>(
            () => sampler.Step(0, new float[LatentSize], (input, _) => new float[input.Length], new ShortNoise()));

        Assert.Equal($"The noise generator returned {LatentSize - 1} values for a sample of {LatentSize}.", e.Message);
    }

    [Theory]
    [MemberData(nameof(DeterministicNames))]
    public void DeterministicSamplersNeverDraw(string name)
    {
        var config = SchedulerConfig.StableDiffusion1;
        var sampler = KSamplerCatalog.Create(name, config, Steps);
        var model = SyntheticModel.Imperfect(sampler, config, new float[LatentSize]);
        float[] sample = new SeededGaussian(1).Randn(LatentSize);

        for (int i = 0; i < Steps; i++) sampler.Step(i, sample, model.Function, new ForbiddenNoise());
    }

    private static float[] Run(string name, int seed, int startIndex, out List<float[]> draws)
    {
        var config = SchedulerConfig.StableDiffusion1;
        var sampler = KSamplerCatalog.Create(name, config, Steps);
        float[] target = new SeededGaussian(100).Randn(LatentSize);
        // An imperfect model: a perfect one would wash the fresh noise out again and hide the seed.
        var model = SyntheticModel.Imperfect(sampler, config, target);
        var generator = new RecordingNoise(new SeededGaussian(seed));
        float[] sample = new SeededGaussian(200).Randn(LatentSize);
        sampler.AddNoise(sample, new SeededGaussian(300).Randn(LatentSize), startIndex);

        for (int i = startIndex; i < Steps; i++) sampler.Step(i, sample, model.Function, generator);
        draws = generator.Draws;
        return sample;
    }
}

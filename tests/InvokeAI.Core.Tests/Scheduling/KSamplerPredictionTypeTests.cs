using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>
/// The same denoiser answering as ε, as v or as x0 must give the same run: a sampler that converts with the
/// wrong σ (a midpoint's, say) or scales the input wrongly shows up as a difference between them.
/// </summary>
public class KSamplerPredictionTypeTests
{
    private const int Steps = 12;
    private const int LatentSize = 4 * 8 * 8;
    private const double Tolerance = 1e-4;

    public static IEnumerable<object[]> Cases() => KSamplerCatalog.CrossWith(
        [true, 0, false],
        [true, 5, true],
        [false, 0, false],
        [false, 3, true]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void VPredictionAndSamplePredictionFollowTheEpsilonRun(string name, bool perfect, int startIndex, bool karras)
    {
        var epsilonRun = Run(name, PredictionType.Epsilon, perfect, startIndex, karras);

        foreach (var other in new[] { PredictionType.VPrediction, PredictionType.Sample })
        {
            var otherRun = Run(name, other, perfect, startIndex, karras);
            AssertClose(epsilonRun.Midway, otherRun.Midway);
            AssertClose(epsilonRun.Final, otherRun.Final);
        }
    }

    private static (float[] Midway, float[] Final) Run(string name, PredictionType predictionType, bool perfect, int startIndex, bool karras)
    {
        var config = SchedulerConfig.StableDiffusion1 with { PredictionType = predictionType };
        var sampler = KSamplerCatalog.Create(name, config, Steps, karras);
        var source = new SeededGaussian(77);
        float[] clean = source.Randn(LatentSize);
        float[] noise = source.Randn(LatentSize);
        var model = perfect ? SyntheticModel.Perfect(sampler, config, clean) : SyntheticModel.Imperfect(sampler, config, clean);
        // Ancestral runs draw the same fresh noise in every prediction type.
        var generator = new SeededGaussian(5);

        float[] sample = (float[])clean.Clone();
        sampler.AddNoise(sample, noise, startIndex);
        int midwayStep = (startIndex + Steps) / 2;
        float[] midway = [];
        for (int i = startIndex; i < Steps; i++)
        {
            sampler.Step(i, sample, model.Function, generator);
            if (i == midwayStep) midway = (float[])sample.Clone();
        }
        return (midway, sample);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], Tolerance);
    }
}

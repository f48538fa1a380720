using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>
/// With a model that knows the clean latent x0, x0 is every step's estimate, so each step only rescales the
/// noise part x − x0: a deterministic step from σ_i to σ_{i+1} leaves x0 + (σ_{i+1}/σ_i)·(x − x0) exactly (all
/// slopes point the same way, so no order of method can change that), an ancestral step leaves
/// x0 + (σ_down/σ_i)·(x − x0) + σ_up·z with z its fresh draw. The last step goes to σ = 0, where both say x0:
/// for the ancestral samplers too, because the last step adds no noise and lands on its own estimate.
/// </summary>
public class KSamplerPerfectDenoiserTests
{
    private const int Steps = 20;
    private const int LatentSize = 4 * 8 * 8;
    private const double Tolerance = 1e-4;

    public static IEnumerable<object[]> Cases() => KSamplerCatalog.CrossWith(
        [PredictionType.Epsilon, 0, false],
        [PredictionType.Epsilon, 7, false],
        [PredictionType.Epsilon, 0, true],
        [PredictionType.Epsilon, 11, true],
        [PredictionType.VPrediction, 4, false],
        [PredictionType.Sample, 9, true]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryStepShrinksOnlyTheNoiseAndTheRunEndsOnTheCleanLatent(
        string name, PredictionType predictionType, int startIndex, bool karras)
    {
        var config = SchedulerConfig.StableDiffusion1 with { PredictionType = predictionType };
        var sampler = KSamplerCatalog.Create(name, config, Steps, karras);
        var source = new SeededGaussian(1234);
        float[] clean = source.Randn(LatentSize);
        float[] noise = source.Randn(LatentSize);
        var model = SyntheticModel.Perfect(sampler, config, clean);
        var generator = new RecordingNoise(new SeededGaussian(99));

        float[] sample = (float[])clean.Clone();
        sampler.AddNoise(sample, noise, startIndex);
        float[] lastDenoised = [];
        for (int i = startIndex; i < Steps; i++)
        {
            float[] before = (float[])sample.Clone();
            int drawsBefore = generator.Draws.Count;
            lastDenoised = sampler.Step(i, sample, model.Function, generator);

            float[] expected = ExpectedAfterStep(
                name, clean, before, sampler.Sigmas[i], sampler.Sigmas[i + 1], generator.Draws, drawsBefore);
            AssertClose(expected, sample);
        }

        AssertClose(clean, sample);
        AssertClose(clean, lastDenoised);
    }

    private static float[] ExpectedAfterStep(
        string name, float[] clean, float[] before, double sigma, double sigmaNext, List<float[]> draws, int drawsBefore)
    {
        double sigmaDown = sigmaNext;
        double sigmaUp = 0;
        float[]? fresh = null;
        if (KSamplerCatalog.IsAncestral(name) && sigmaNext > 0)
        {
            // σ_up² = σ_{i+1}²(σ_i² − σ_{i+1}²)/σ_i², and σ_down² = σ_{i+1}² − σ_up² simplifies to σ_{i+1}⁴/σ_i².
            sigmaUp = Math.Sqrt(sigmaNext * sigmaNext * (sigma * sigma - sigmaNext * sigmaNext) / (sigma * sigma));
            sigmaDown = sigmaNext * sigmaNext / sigma;
            Assert.Equal(drawsBefore + 1, draws.Count);
            fresh = draws[^1];
        }
        else
        {
            Assert.Equal(drawsBefore, draws.Count);
        }

        var expected = new float[clean.Length];
        for (int k = 0; k < clean.Length; k++)
        {
            double value = clean[k] + sigmaDown / sigma * (before[k] - clean[k]);
            if (fresh is not null) value += sigmaUp * fresh[k];
            expected[k] = (float)value;
        }
        return expected;
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], Tolerance);
    }
}

using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>
/// DDIM and PLMS driven by a model that knows the clean latent. Every x0 estimate is then exact, and with η = 0
/// the noise direction never changes, so the run ends at √ᾱ_final·x0 + √(1−ᾱ_final)·ε: exactly x0 when
/// set_alpha_to_one is true, and x0 at the first training noise level (ᾱ_0 = 0.99915) when it is false, as
/// Stable Diffusion's config has it.
/// </summary>
public class DdpmPerfectDenoiserTests
{
    private const int LatentSize = 4 * 8 * 8;
    private const int Steps = 30;
    private const double Tolerance = 1e-4;

    public enum Kind { Ddim, DdimAncestral, Plms }

    [Theory]
    [InlineData(Kind.Ddim, 0, true)]
    [InlineData(Kind.Ddim, 11, true)]
    [InlineData(Kind.Ddim, 0, false)]
    [InlineData(Kind.Ddim, 11, false)]
    [InlineData(Kind.DdimAncestral, 0, true)]
    [InlineData(Kind.DdimAncestral, 11, true)]
    [InlineData(Kind.Plms, 0, true)]
    [InlineData(Kind.Plms, 11, true)]
    [InlineData(Kind.Plms, 0, false)]
    [InlineData(Kind.Plms, 11, false)]
    public void DeterministicPathsEndAtTheCleanLatentAtTheFinalLevel(Kind kind, int startIndex, bool setAlphaToOne)
    {
        var config = SchedulerConfig.StableDiffusion1 with { SetAlphaToOne = setAlphaToOne };
        var run = Run(kind, config, startIndex);

        AssertAllClose(run.Clean, run.LastEstimate);
        // With η = 1 and set_alpha_to_one the last step has σ_t = 0 and no direction term, so it too is exact.
        double finalAlphaCumprod = setAlphaToOne ? 1 : NoiseSchedule.FromConfig(config).AlphasCumprod[0];
        Assert.Equal(finalAlphaCumprod, run.AlphasCumprodAfter[^1]);
        AssertAllClose(Noised(run.Clean, run.Noise, finalAlphaCumprod), run.Sample);
        if (setAlphaToOne) AssertAllClose(run.Clean, run.Sample);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void AncestralDdimWithoutAlphaOneEndsOneNoisyStepFromTheCleanLatent(int startIndex)
    {
        // With ᾱ_final = ᾱ_0 < 1 the last step still adds σ_t·z and keeps √(1−ᾱ_0−σ_t²) of the model's ε, so the
        // final sample is x0 only up to that noise; rebuild it from the exact ε and z the last step used.
        var config = SchedulerConfig.StableDiffusion1;
        var run = Run(Kind.DdimAncestral, config, startIndex);
        var training = NoiseSchedule.FromConfig(config);

        double alphaCumprod = training.AlphasCumprod[(int)run.Timesteps[^1]];
        double final = training.AlphasCumprod[0];
        double sigma = Math.Sqrt((1 - final) / (1 - alphaCumprod) * (1 - alphaCumprod / final));
        float[] z = run.Generator.Draws[^1];
        var expected = new float[LatentSize];
        for (int k = 0; k < expected.Length; k++)
        {
            double lastNoise = (run.LastModelInput[k] - Math.Sqrt(alphaCumprod) * run.Clean[k]) / Math.Sqrt(1 - alphaCumprod);
            expected[k] = (float)(Math.Sqrt(final) * run.Clean[k] + Math.Sqrt(1 - final - sigma * sigma) * lastNoise + sigma * z[k]);
        }

        AssertAllClose(run.Clean, run.LastEstimate);
        AssertAllClose(expected, run.Sample);
        Assert.Equal(Steps - startIndex, run.Generator.Draws.Count);
    }

    [Theory]
    [InlineData(Kind.Ddim, PredictionType.VPrediction)]
    [InlineData(Kind.Ddim, PredictionType.Sample)]
    [InlineData(Kind.DdimAncestral, PredictionType.VPrediction)]
    [InlineData(Kind.Plms, PredictionType.VPrediction)]
    [InlineData(Kind.Plms, PredictionType.Sample)]
    public void PerfectModelsOfEveryPredictionTypeAgree(Kind kind, PredictionType predictionType)
    {
        var epsilon = Run(kind, SchedulerConfig.StableDiffusion1, startIndex: 7);
        var other = Run(kind, SchedulerConfig.StableDiffusion1 with { PredictionType = predictionType }, startIndex: 7);

        AssertAllClose(epsilon.Sample, other.Sample);
        AssertAllClose(epsilon.LastEstimate, other.LastEstimate);
    }

    private sealed record RunResult(
        IReadOnlyList<double> Timesteps, IReadOnlyList<double> AlphasCumprodAfter,
        float[] Clean, float[] Noise, float[] Sample, float[] LastEstimate, float[] LastModelInput,
        RecordingGaussian Generator);

    private static RunResult Run(Kind kind, SchedulerConfig config, int startIndex)
    {
        DdpmSampler sampler = kind switch
        {
            Kind.Ddim => new DdimSampler(config, Steps),
            Kind.DdimAncestral => new DdimSampler(config, Steps, eta: 1),
            _ => new PlmsSampler(config, Steps),
        };
        var source = new SeededGaussian(4321);
        float[] clean = source.Randn(LatentSize);
        float[] noise = source.Randn(LatentSize);
        var generator = new RecordingGaussian(99);

        float[] sample = (float[])clean.Clone();
        sampler.AddNoise(sample, noise, startIndex);

        ModelFunction perfect = DdpmTestModels.Perfect(config, clean);
        float[] lastInput = [];
        float[] lastEstimate = [];
        for (int i = startIndex; i < sampler.Timesteps.Count; i++)
        {
            lastEstimate = sampler.Step(i, sample, (input, timestep) =>
            {
                Assert.Contains(timestep, sampler.Timesteps);
                lastInput = input;
                return perfect(input, timestep);
            }, generator);
        }

        return new RunResult(sampler.Timesteps, sampler.AlphasCumprodAfter, clean, noise, sample, lastEstimate, lastInput, generator);
    }

    private static float[] Noised(float[] clean, float[] noise, double alphaCumprod)
    {
        var noised = new float[clean.Length];
        for (int k = 0; k < noised.Length; k++)
            noised[k] = (float)(Math.Sqrt(alphaCumprod) * clean[k] + Math.Sqrt(1 - alphaCumprod) * noise[k]);
        return noised;
    }

    private static void AssertAllClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], Tolerance);
    }
}

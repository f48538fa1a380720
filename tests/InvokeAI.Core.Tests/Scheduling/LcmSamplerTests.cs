using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

public class LcmSamplerTests
{
    private const int LatentSize = 32;

    private static readonly SchedulerConfig Lcm = LcmReferenceCase.FixtureSchedulerConfig();
    private static readonly NoiseSchedule Training = NoiseSchedule.FromConfig(Lcm);

    [Fact]
    public void NameModelCallsAndStartIndex()
    {
        var sampler = new LcmSampler(Lcm, 4, 0.5);

        Assert.Equal("lcm", sampler.Name);
        Assert.Equal(1, sampler.ModelCallsPerStep);
        Assert.Equal(0.5, sampler.Strength);
        Assert.Equal(0, sampler.FirstStep(0.5));
    }

    [Fact]
    public void SigmasAreTheEquivalentKDiffusionLevelsThenZero()
    {
        var sampler = new LcmSampler(Lcm, 4, 0.5);

        Assert.Equal(5, sampler.Sigmas.Count);
        Assert.Equal(0, sampler.Sigmas[^1]);
        for (int i = 0; i < 4; i++)
        {
            double alphaCumprod = Training.AlphasCumprod[(int)sampler.Timesteps[i]];
            Assert.Equal(alphaCumprod, sampler.AlphasCumprod[i]);
            Assert.Equal(Math.Sqrt((1 - alphaCumprod) / alphaCumprod), sampler.Sigmas[i], 12);
        }
    }

    [Fact]
    public void AddNoiseIsDdpmNoisingAtTheFirstTimestep()
    {
        var sampler = new LcmSampler(Lcm, 4, 0.5);
        float[] clean = new SeededGaussian(1).Randn(LatentSize);
        float[] noise = new SeededGaussian(2).Randn(LatentSize);
        float[] latent = (float[])clean.Clone();

        sampler.AddNoise(latent, noise, 0);

        double alphaCumprod = Training.AlphasCumprod[499];
        for (int k = 0; k < LatentSize; k++)
            Assert.Equal(Math.Sqrt(alphaCumprod) * clean[k] + Math.Sqrt(1 - alphaCumprod) * noise[k], latent[k], 5);

        float[] untouched = (float[])clean.Clone();
        sampler.AddNoise(untouched, noise, 4);
        Assert.Equal(clean, untouched);
    }

    [Fact]
    public void BoundaryScalingsAreTheConsistencyParameterisation()
    {
        Assert.Equal((1.0, 0.0), LcmSampler.BoundaryScalings(0, 10));
        var (skip, scale) = LcmSampler.BoundaryScalings(499, 10);
        Assert.Equal(0.25 / (4990.0 * 4990.0 + 0.25), skip, 15);
        Assert.Equal(4990.0 / Math.Sqrt(4990.0 * 4990.0 + 0.25), scale, 15);
    }

    [Theory]
    [InlineData(10.0)]
    // A small scaling makes c_skip large (≈ 0.2 at t = 499), so the test sees c_skip and c_out each do their part.
    [InlineData(0.002)]
    public void OneStepIsTheHandComputedConsistencyUpdateWithOneFreshDraw(double timestepScaling)
    {
        var config = Lcm with { TimestepScaling = timestepScaling };
        var sampler = new LcmSampler(config, 4, 0.5);
        float[] sample = new SeededGaussian(3).Randn(LatentSize);
        float[] epsilon = new SeededGaussian(4).Randn(LatentSize);
        float[] before = (float[])sample.Clone();
        var generator = new RecordingGaussian(5);
        var calls = new List<double>();

        float[] denoised = sampler.Step(0, sample, (input, t) => { calls.Add(t); return (float[])epsilon.Clone(); }, generator);

        Assert.Equal([499.0], calls);
        Assert.Single(generator.Draws);
        Assert.Equal(LatentSize, generator.Draws[0].Length);

        double alphaCumprod = Training.AlphasCumprod[499];
        double alphaCumprodNext = Training.AlphasCumprod[379];
        double scaled = 499 * timestepScaling;
        double cSkip = 0.25 / (scaled * scaled + 0.25);
        double cOut = scaled / Math.Sqrt(scaled * scaled + 0.25);
        for (int k = 0; k < LatentSize; k++)
        {
            double x0 = (before[k] - Math.Sqrt(1 - alphaCumprod) * epsilon[k]) / Math.Sqrt(alphaCumprod);
            double expectedDenoised = cOut * x0 + cSkip * before[k];
            double expectedNext = Math.Sqrt(alphaCumprodNext) * expectedDenoised + Math.Sqrt(1 - alphaCumprodNext) * generator.Draws[0][k];
            Assert.Equal(expectedDenoised, denoised[k], 4);
            Assert.Equal(expectedNext, sample[k], 4);
        }
    }

    [Fact]
    public void TheLastStepDrawsNothingAndLeavesTheDenoisedEstimate()
    {
        var sampler = new LcmSampler(Lcm, 4, 0.5);
        float[] sample = new SeededGaussian(6).Randn(LatentSize);
        float[] epsilon = new SeededGaussian(7).Randn(LatentSize);

        float[] denoised = sampler.Step(3, sample, (_, _) => (float[])epsilon.Clone(), new ForbiddenGaussian());

        Assert.Equal(denoised, sample);
        Assert.NotSame(denoised, sample);
    }

    [Fact]
    public void ARunOfNStepsDrawsNMinusOneLatentSizedBatches()
    {
        var sampler = new LcmSampler(Lcm, 6, 0.7);
        float[] clean = new SeededGaussian(8).Randn(LatentSize);
        var model = SyntheticModel.Imperfect(sampler, Lcm, clean);
        var generator = new RecordingGaussian(9);
        float[] sample = new SeededGaussian(10).Randn(LatentSize);

        float[] last = [];
        for (int i = 0; i < 6; i++) last = sampler.Step(i, sample, model.Function, generator);

        Assert.Equal(5, generator.Draws.Count);
        Assert.All(generator.Draws, draw => Assert.Equal(LatentSize, draw.Length));
        Assert.Equal([699.0, 599, 479, 359, 239, 119], model.CallTimesteps);
        Assert.Equal(last, sample);
    }

    [Fact]
    public void ANoiseGeneratorIsRequiredBeforeTheModelRunsOnAnyStepButTheLast()
    {
        var sampler = new LcmSampler(Lcm, 4, 0.5);
        bool called = false;
        float[] Model(float[] input, double t) { called = true; return new float[input.Length]; }

        Assert.Throws<ArgumentNullException>(() => sampler.Step(0, new float[LatentSize], Model, null!));
        Assert.False(called);
    }

    [Theory]
    [InlineData(PredictionType.Epsilon)]
    [InlineData(PredictionType.VPrediction)]
    [InlineData(PredictionType.Sample)]
    public void EveryPredictionTypeGivesTheSameDenoisedEstimate(PredictionType predictionType)
    {
        // A model that knows x0 answers in its own prediction type; each must come back as that x0.
        var config = Lcm with { PredictionType = predictionType, TimestepScaling = 0.002 };
        var sampler = new LcmSampler(config, 4, 0.5);
        float[] clean = new SeededGaussian(11).Randn(LatentSize);
        float[] sample = new SeededGaussian(12).Randn(LatentSize);
        float[] before = (float[])sample.Clone();
        var model = SyntheticModel.Perfect(sampler, config, clean);

        float[] denoised = sampler.Step(1, sample, model.Function, new SeededGaussian(13));

        var (skip, scale) = LcmSampler.BoundaryScalings(379, 0.002);
        for (int k = 0; k < LatentSize; k++) Assert.Equal(scale * clean[k] + skip * before[k], denoised[k], 4);
    }

    [Fact]
    public void StepIndicesOutsideThePlanAreRefused()
    {
        var sampler = new LcmSampler(Lcm, 4, 0.5);

        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Step(4, new float[LatentSize], (x, _) => x, new SeededGaussian(1)));
    }
}

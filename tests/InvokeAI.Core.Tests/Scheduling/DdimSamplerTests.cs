using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

public class DdimSamplerTests
{
    private static readonly NoiseSchedule Training = NoiseSchedule.FromConfig(SchedulerConfig.StableDiffusion1);

    [Fact]
    public void NameAndModelCallsPerStep()
    {
        var sampler = new DdimSampler(SchedulerConfig.StableDiffusion1, 10);

        Assert.Equal("ddim", sampler.Name);
        Assert.Equal(1, sampler.ModelCallsPerStep);
        Assert.Equal(0, sampler.Eta);
    }

    [Fact]
    public void LeadingTimestepsFor50StepsRunFrom981To1()
    {
        // SD's config names no spacing, so DDIM's own default (leading) applies, plus steps_offset 1.
        var sampler = new DdimSampler(SchedulerConfig.StableDiffusion1, 50);

        Assert.Equal(50, sampler.Timesteps.Count);
        Assert.Equal(981, sampler.Timesteps[0]);
        Assert.Equal(961, sampler.Timesteps[1]);
        Assert.Equal(1, sampler.Timesteps[^1]);
    }

    [Fact]
    public void SigmasAreTheEquivalentKDiffusionLevelsThenZero()
    {
        var sampler = new DdimSampler(SchedulerConfig.StableDiffusion1, 50);

        Assert.Equal(51, sampler.Sigmas.Count);
        Assert.Equal(0, sampler.Sigmas[^1]);
        Assert.Equal(Training.Sigmas[981], sampler.Sigmas[0], 12);
        for (int i = 0; i < 50; i++)
        {
            double alphaCumprod = sampler.AlphasCumprod[i];
            Assert.Equal(Training.AlphasCumprod[(int)sampler.Timesteps[i]], alphaCumprod);
            Assert.Equal(Math.Sqrt((1 - alphaCumprod) / alphaCumprod), sampler.Sigmas[i], 12);
        }
    }

    [Theory]
    [InlineData(false, 0.999150)]
    [InlineData(true, 1.0)]
    public void SetAlphaToOneDecidesOnlyWhereTheLastStepLands(bool setAlphaToOne, double expectedFinal)
    {
        var sampler = new DdimSampler(SchedulerConfig.StableDiffusion1 with { SetAlphaToOne = setAlphaToOne }, 50);

        Assert.Equal(expectedFinal, sampler.AlphasCumprodAfter[^1], 6);
        for (int i = 0; i + 1 < 50; i++) Assert.Equal(sampler.AlphasCumprod[i + 1], sampler.AlphasCumprodAfter[i]);
    }

    [Fact]
    public void LeadingTimestepsAndLevelsFollowNumTrainTimesteps()
    {
        // num_train_timesteps 2000, 10 steps: stride 2000 // 10 = 200, plus steps_offset 1.
        var config = SchedulerConfig.StableDiffusion1 with { NumTrainTimesteps = 2000 };
        var training = NoiseSchedule.FromConfig(config);

        var sampler = new DdimSampler(config, 10);

        Assert.Equal([1801, 1601, 1401, 1201, 1001, 801, 601, 401, 201, 1], sampler.Timesteps);
        Assert.Equal(training.AlphasCumprod[1801], sampler.AlphasCumprod[0]);
        Assert.Equal(training.AlphasCumprod[1601], sampler.AlphasCumprodAfter[0]);
        Assert.Equal(training.AlphasCumprod[0], sampler.AlphasCumprodAfter[^1]);
    }

    [Fact]
    public void LinspaceTimestepsAreRoundedHalfToEvenLikeNumpy()
    {
        // linspace(0, 999, 7) = 0, 166.5, 333, 499.5, 666, 832.5, 999; numpy's round sends .5 to the even neighbour.
        var config = SchedulerConfig.StableDiffusion1 with { TimestepSpacing = TimestepSpacing.Linspace };

        var sampler = new DdimSampler(config, 7);

        Assert.Equal([999, 832, 666, 500, 333, 166, 0], sampler.Timesteps);
    }

    [Theory]
    [InlineData(TimestepSpacing.Leading, 10, new[] { 901, 801, 701, 601, 501, 401, 301, 201, 101, 1 }, new[] { 801, 701, 601, 501, 401, 301, 201, 101, 1, -99 })]
    [InlineData(TimestepSpacing.Linspace, 10, new[] { 999, 888, 777, 666, 555, 444, 333, 222, 111, 0 }, new[] { 899, 788, 677, 566, 455, 344, 233, 122, 11, -100 })]
    [InlineData(TimestepSpacing.Trailing, 3, new[] { 999, 666, 332 }, new[] { 666, 333, -1 })]
    public void EachStepLandsOneStrideBelowItsTimestepAsInDiffusers(TimestepSpacing spacing, int steps, int[] timesteps, int[] landings)
    {
        // diffusers' DDIMScheduler.step: prev_timestep = timestep − T // n for every spacing, and a negative one
        // reads final_alpha_cumprod (ᾱ_0 here, set_alpha_to_one being false). Only leading lands on the next
        // listed timestep; linspace steps from 999 to 899 and then runs at 888, trailing from 666 to 333 then 332.
        var config = SchedulerConfig.StableDiffusion1 with { TimestepSpacing = spacing };

        var sampler = new DdimSampler(config, steps);

        Assert.Equal(timesteps.Select(t => (double)t), sampler.Timesteps);
        for (int i = 0; i < steps; i++)
            Assert.Equal(Training.AlphasCumprod[Math.Max(landings[i], 0)], sampler.AlphasCumprodAfter[i]);
    }

    [Fact]
    public void ALinspaceStepFrom999LandsOn899()
    {
        const float noisePrediction = 0.3f;
        var sampler = new DdimSampler(SchedulerConfig.StableDiffusion1 with { TimestepSpacing = TimestepSpacing.Linspace }, 10);
        float[] sample = [1.5f, -0.25f];
        float[] before = (float[])sample.Clone();

        sampler.Step(0, sample, (input, _) => [noisePrediction, noisePrediction], new ForbiddenGaussian());

        double at999 = Training.AlphasCumprod[999], at899 = Training.AlphasCumprod[899];
        for (int k = 0; k < sample.Length; k++)
        {
            double x0 = (before[k] - Math.Sqrt(1 - at999) * noisePrediction) / Math.Sqrt(at999);
            Assert.Equal(Math.Sqrt(at899) * x0 + Math.Sqrt(1 - at899) * noisePrediction, sample[k], 1e-5);
        }
    }

    [Fact]
    public void LeadingSpacingPushedPastTheLastTrainingTimestepIsRejected()
    {
        // 1000 leading steps plus steps_offset 1 would ask for timestep 1000, which has no ᾱ.
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DdimSampler(SchedulerConfig.StableDiffusion1, 1000));

        Assert.Equal("steps", ex.ParamName);
        Assert.Contains("timestep 1000, outside 0..999", ex.Message);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void EtaOutsideZeroToOneIsRejected(double eta)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DdimSampler(SchedulerConfig.StableDiffusion1, 10, eta));

        Assert.Equal("eta", ex.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(9)]
    public void AddNoiseMixesSignalAndNoiseByAlphaCumprodInPlace(int stepIndex)
    {
        var sampler = new DdimSampler(SchedulerConfig.StableDiffusion1, 10);
        float[] latent = [1f, -2f, 0.5f];
        float[] noise = [0.5f, 1f, -1.5f];

        sampler.AddNoise(latent, noise, stepIndex);

        double alphaCumprod = Training.AlphasCumprod[(int)sampler.Timesteps[stepIndex]];
        float[] original = [1f, -2f, 0.5f];
        for (int k = 0; k < latent.Length; k++)
            Assert.Equal(Math.Sqrt(alphaCumprod) * original[k] + Math.Sqrt(1 - alphaCumprod) * noise[k], latent[k], 1e-6);
    }

    [Fact]
    public void AddNoiseAtTheEndOfTheScheduleLeavesTheLatentClean()
    {
        var sampler = new DdimSampler(SchedulerConfig.StableDiffusion1, 10);
        float[] latent = [1f, -2f];

        sampler.AddNoise(latent, [0.5f, 1f], stepIndex: 10);

        Assert.Equal([1f, -2f], latent);
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.AddNoise(latent, [0.5f, 1f], stepIndex: 11));
        Assert.Throws<ArgumentException>(() => sampler.AddNoise(latent, [0.5f], stepIndex: 0));
    }

    [Fact]
    public void StepFollowsTheDdimRuleWithTheDrawnNoise()
    {
        const double eta = 0.5;
        const float noisePrediction = 0.3f;
        var sampler = new DdimSampler(SchedulerConfig.StableDiffusion1, 10, eta);
        var generator = new RecordingGaussian(7);
        float[] sample = [1.5f, -0.25f];
        float[] before = (float[])sample.Clone();

        float[] clean = sampler.Step(2, sample, (input, _) => [noisePrediction, noisePrediction], generator);

        double alphaCumprod = Training.AlphasCumprod[(int)sampler.Timesteps[2]];
        double previous = Training.AlphasCumprod[(int)sampler.Timesteps[3]];
        double sigma = eta * Math.Sqrt((1 - previous) / (1 - alphaCumprod) * (1 - alphaCumprod / previous));
        float[] z = Assert.Single(generator.Draws);
        for (int k = 0; k < sample.Length; k++)
        {
            double x0 = (before[k] - Math.Sqrt(1 - alphaCumprod) * noisePrediction) / Math.Sqrt(alphaCumprod);
            double expected = Math.Sqrt(previous) * x0 + Math.Sqrt(1 - previous - sigma * sigma) * noisePrediction + sigma * z[k];
            Assert.Equal(x0, clean[k], 1e-5);
            Assert.Equal(expected, sample[k], 1e-5);
        }
    }

    [Fact]
    public void CallsTheModelOncePerStepWithTheUnscaledSample()
    {
        var sampler = new DdimSampler(SchedulerConfig.StableDiffusion1, 10);
        float[] sample = new SeededGaussian(3).Randn(16);
        var calls = new List<double>();

        for (int i = 0; i < 10; i++)
        {
            float[] expectedInput = (float[])sample.Clone();
            sampler.Step(i, sample, (input, timestep) =>
            {
                Assert.Equal(expectedInput, input);
                calls.Add(timestep);
                return new float[input.Length];
            }, new ForbiddenGaussian());
        }

        Assert.Equal(sampler.Timesteps, calls);
    }

    [Fact]
    public void EtaZeroNeverDraws()
    {
        var sampler = new DdimSampler(SchedulerConfig.StableDiffusion1, 10);
        var generator = new RecordingGaussian(1);

        RunAll(sampler, generator, LatentOf(1));

        Assert.Empty(generator.Draws);
    }

    [Fact]
    public void PositiveEtaDrawsOncePerStepAndIsDeterministicPerSeed()
    {
        var first = new RecordingGaussian(5);
        var again = new RecordingGaussian(5);
        var other = new RecordingGaussian(6);

        float[] a = RunAll(new DdimSampler(SchedulerConfig.StableDiffusion1, 10, eta: 0.7), first, LatentOf(1));
        float[] b = RunAll(new DdimSampler(SchedulerConfig.StableDiffusion1, 10, eta: 0.7), again, LatentOf(1));
        float[] c = RunAll(new DdimSampler(SchedulerConfig.StableDiffusion1, 10, eta: 0.7), other, LatentOf(1));

        // Once on every step, the last included, as diffusers draws whenever η > 0.
        Assert.Equal(10, first.Draws.Count);
        Assert.All(first.Draws, draw => Assert.Equal(a.Length, draw.Length));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void PositiveEtaDrawsOnTheLastStepEvenWhereItsNoiseWeightIsZero()
    {
        // With set_alpha_to_one the last step lands on ᾱ = 1, where σ_t = 0; diffusers draws anyway, and so
        // does this sampler, so the generator stream stays aligned with diffusers'.
        var sampler = new DdimSampler(SchedulerConfig.StableDiffusion1 with { SetAlphaToOne = true }, 10, eta: 1);
        var generator = new RecordingGaussian(8);
        float[] sample = LatentOf(4);

        float[] clean = sampler.Step(9, sample, (input, _) => new float[input.Length], generator);

        Assert.Single(generator.Draws);
        Assert.Equal(clean, sample);
    }

    [Fact]
    public void MismatchedModelOutputIsReported()
    {
        var sampler = new DdimSampler(SchedulerConfig.StableDiffusion1, 10);

        var e = Assert.Throws<InvalidOperationException>(
            () => sampler.Step(0, [1f, 2f], (input, _) => [0f], new ForbiddenGaussian()));

        Assert.Equal("The model returned 1 values for a sample of 2.", e.Message);
    }

    [Fact]
    public void WithEtaAGeneratorThatReturnsTheWrongCountIsReported()
    {
        var sampler = new DdimSampler(SchedulerConfig.StableDiffusion1, 10, eta: 1);

        var e = Assert.Throws<InvalidOperationException>(
            () => sampler.Step(0, [1f, 2f], (input, _) => new float[input.Length], new ShortNoise()));

        Assert.Equal("The noise generator returned 1 values for a sample of 2.", e.Message);
    }

    [Fact]
    public void WithEtaAMissingGeneratorIsNamedAsStepsArgument()
    {
        var sampler = new DdimSampler(SchedulerConfig.StableDiffusion1, 10, eta: 1);

        var e = Assert.Throws<ArgumentNullException>(
            () => sampler.Step(0, [1f, 2f], (input, _) => new float[input.Length], null!));

        Assert.Equal("noise", e.ParamName);
    }

    [Theory]
    [InlineData(PredictionType.VPrediction)]
    [InlineData(PredictionType.Sample)]
    public void AnArbitraryModelGivesTheSameRunInEveryPredictionType(PredictionType predictionType)
    {
        var epsilonConfig = SchedulerConfig.StableDiffusion1;
        var otherConfig = epsilonConfig with { PredictionType = predictionType };

        float[] expected = RunAll(new DdimSampler(epsilonConfig, 10, eta: 0.5), new RecordingGaussian(2), LatentOf(9),
            DdpmTestModels.Arbitrary(epsilonConfig));
        float[] actual = RunAll(new DdimSampler(otherConfig, 10, eta: 0.5), new RecordingGaussian(2), LatentOf(9),
            DdpmTestModels.Arbitrary(otherConfig));

        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], 1e-4);
    }

    private static float[] LatentOf(int seed) => new SeededGaussian(seed).Randn(32);

    private static float[] RunAll(ISampler sampler, RecordingGaussian generator, float[] sample, ModelFunction? model = null)
    {
        model ??= (input, timestep) =>
        {
            var output = new float[input.Length];
            for (int k = 0; k < output.Length; k++) output[k] = (float)(0.5 * input[k] + Math.Cos(k + timestep / 100));
            return output;
        };
        for (int i = 0; i < sampler.Timesteps.Count; i++) sampler.Step(i, sample, model, generator);
        return sample;
    }
}

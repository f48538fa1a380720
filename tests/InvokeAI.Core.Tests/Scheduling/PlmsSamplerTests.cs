using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

public class PlmsSamplerTests
{
    private static readonly NoiseSchedule Training = NoiseSchedule.FromConfig(SchedulerConfig.StableDiffusion1);

    [Fact]
    public void NameModelCallsAndTimestepsAreDdims()
    {
        var plms = new PlmsSampler(SchedulerConfig.StableDiffusion1, 50);
        var ddim = new DdimSampler(SchedulerConfig.StableDiffusion1, 50);

        Assert.Equal("plms", plms.Name);
        Assert.Equal(1, plms.ModelCallsPerStep);
        Assert.Equal(ddim.Timesteps, plms.Timesteps);
        Assert.Equal(ddim.Sigmas, plms.Sigmas);
        Assert.Equal(ddim.AlphasCumprodAfter, plms.AlphasCumprodAfter);
        Assert.Equal(981, plms.Timesteps[0]);
        Assert.Equal(1, plms.Timesteps[^1]);
    }

    [Fact]
    public void AFullRunOfTenStepsCallsTheModelElevenTimes()
    {
        var sampler = new PlmsSampler(SchedulerConfig.StableDiffusion1, 10);

        List<double> calls = RunFrom(sampler, startIndex: 0);

        // The first step evaluates t0 and then t1 at the provisional sample; every later step once.
        IReadOnlyList<double> t = sampler.Timesteps;
        Assert.Equal([t[0], t[1], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9]], calls);
    }

    [Fact]
    public void HistoryStartsAtTheImg2ImgStartIndex()
    {
        var sampler = new PlmsSampler(SchedulerConfig.StableDiffusion1, 10);

        List<double> calls = RunFrom(sampler, startIndex: 6);

        IReadOnlyList<double> t = sampler.Timesteps;
        Assert.Equal([t[6], t[7], t[7], t[8], t[9]], calls);
    }

    [Fact]
    public void AFirstStepThatIsAlsoTheLastCallsTheModelOnce()
    {
        Assert.Single(RunFrom(new PlmsSampler(SchedulerConfig.StableDiffusion1, 1), startIndex: 0));
        Assert.Single(RunFrom(new PlmsSampler(SchedulerConfig.StableDiffusion1, 10), startIndex: 9));
    }

    [Fact]
    public void StepsCombineTheNoiseEstimatesWithPseudoLinearMultistepWeights()
    {
        var sampler = new PlmsSampler(SchedulerConfig.StableDiffusion1, 10);
        // Scripted ε per call: t0, the provisional call at t1, then one per step.
        double[] script = [0.4, -0.2, 0.7, -0.3, 0.2, 0.5];
        int call = 0;
        var inputs = new List<(float Input, double Timestep)>();
        ModelFunction model = (input, timestep) =>
        {
            inputs.Add((input[0], timestep));
            return [(float)script[call++]];
        };
        float[] sample = [1.2f];

        double[] expectedCombined =
        [
            (0.4 + -0.2) / 2,                                  // pseudo improved Euler
            (3 * 0.7 - 0.4) / 2,                               // the raw first ε, not the average
            (23 * -0.3 - 16 * 0.7 + 5 * 0.4) / 12,
            (55 * 0.2 - 59 * -0.3 + 37 * 0.7 - 9 * 0.4) / 24,
            (55 * 0.5 - 59 * 0.2 + 37 * -0.3 - 9 * 0.7) / 24, // the oldest ε has dropped out
        ];

        for (int i = 0; i < expectedCombined.Length; i++)
        {
            double before = sample[0];
            float[] clean = sampler.Step(i, sample, model, new ForbiddenGaussian());

            double alphaCumprod = Training.AlphasCumprod[(int)sampler.Timesteps[i]];
            double after = Training.AlphasCumprod[(int)sampler.Timesteps[i + 1]];
            double x0 = (before - Math.Sqrt(1 - alphaCumprod) * expectedCombined[i]) / Math.Sqrt(alphaCumprod);
            Assert.Equal(x0, clean[0], 1e-4);
            Assert.Equal(Math.Sqrt(after) * x0 + Math.Sqrt(1 - after) * expectedCombined[i], sample[0], 1e-5);

            if (i == 0)
            {
                // The provisional DDIM step to t1 with the first ε alone.
                double firstX0 = (before - Math.Sqrt(1 - alphaCumprod) * 0.4) / Math.Sqrt(alphaCumprod);
                Assert.Equal(sampler.Timesteps[1], inputs[1].Timestep);
                Assert.Equal(Math.Sqrt(after) * firstX0 + Math.Sqrt(1 - after) * 0.4, inputs[1].Input, 1e-5);
            }
        }

        Assert.Equal(script.Length, call);
    }

    [Fact]
    public void WithLinspaceSpacingTheLevelsAreDiffusersPndms()
    {
        // 10 linspace steps: timesteps 999, 888, … 0 and T // n = 100. diffusers' PNDMScheduler (skip_prk_steps)
        // runs 999, 888, 888, 777, …: the call at 999 steps to 899 (t − 100); the second call, at 888 on that
        // provisional sample, steps the original sample from 888 + 100 = 988 to 888 with the averaged ε; the
        // call at 888 again (our step 1) steps to 788.
        var sampler = new PlmsSampler(SchedulerConfig.StableDiffusion1 with { TimestepSpacing = TimestepSpacing.Linspace }, 10);
        double[] script = [0.4, -0.2, 0.7];
        int call = 0;
        var inputs = new List<(float Input, double Timestep)>();
        ModelFunction model = (input, timestep) =>
        {
            inputs.Add((input[0], timestep));
            return [(float)script[call++]];
        };
        float[] sample = [1.2f];
        double Level(int t) => Training.AlphasCumprod[t];
        double Ddim(double x, double noise, int from, int to)
        {
            double x0 = (x - Math.Sqrt(1 - Level(from)) * noise) / Math.Sqrt(Level(from));
            return Math.Sqrt(Level(to)) * x0 + Math.Sqrt(1 - Level(to)) * noise;
        }

        sampler.Step(0, sample, model, new ForbiddenGaussian());
        double afterFirst = sample[0];
        sampler.Step(1, sample, model, new ForbiddenGaussian());

        Assert.Equal([999.0, 888, 888], inputs.Select(i => i.Timestep));
        Assert.Equal(Ddim(1.2f, 0.4, from: 999, to: 899), inputs[1].Input, 1e-5);
        Assert.Equal(Ddim(1.2f, (0.4 + -0.2) / 2, from: 988, to: 888), afterFirst, 1e-5);
        Assert.Equal(afterFirst, inputs[2].Input);
        Assert.Equal(Ddim(afterFirst, (3 * 0.7 - 0.4) / 2, from: 888, to: 788), sample[0], 1e-5);
    }

    [Fact]
    public void StepsMustFollowEachOther()
    {
        var sampler = new PlmsSampler(SchedulerConfig.StableDiffusion1, 10);
        float[] sample = [1f];
        ModelFunction zero = (input, _) => new float[input.Length];
        sampler.Step(2, sample, zero, new ForbiddenGaussian());

        Assert.Throws<InvalidOperationException>(() => sampler.Step(4, sample, zero, new ForbiddenGaussian()));
    }

    [Fact]
    public void AddNoiseMatchesDdim()
    {
        var plms = new PlmsSampler(SchedulerConfig.StableDiffusion1, 10);
        var ddim = new DdimSampler(SchedulerConfig.StableDiffusion1, 10);
        float[] a = [1f, -2f];
        float[] b = [1f, -2f];

        plms.AddNoise(a, [0.5f, 1f], 4);
        ddim.AddNoise(b, [0.5f, 1f], 4);

        Assert.Equal(b, a);
    }

    [Theory]
    [InlineData(PredictionType.VPrediction)]
    [InlineData(PredictionType.Sample)]
    public void AnArbitraryModelGivesTheSameRunInEveryPredictionType(PredictionType predictionType)
    {
        // Each output is turned into ε at its own sample before the multistep combines them, so the method
        // does not depend on what the model predicts.
        var epsilonConfig = SchedulerConfig.StableDiffusion1;
        var otherConfig = epsilonConfig with { PredictionType = predictionType };

        float[] expected = RunArbitrary(epsilonConfig);
        float[] actual = RunArbitrary(otherConfig);

        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], 1e-4);
    }

    private static float[] RunArbitrary(SchedulerConfig config)
    {
        var sampler = new PlmsSampler(config, 10);
        ModelFunction model = DdpmTestModels.Arbitrary(config);
        float[] sample = new SeededGaussian(17).Randn(32);
        for (int i = 2; i < 10; i++) sampler.Step(i, sample, model, new ForbiddenGaussian());
        return sample;
    }

    private static List<double> RunFrom(PlmsSampler sampler, int startIndex)
    {
        var calls = new List<double>();
        float[] sample = [0.3f, -0.7f];
        for (int i = startIndex; i < sampler.Timesteps.Count; i++)
        {
            sampler.Step(i, sample, (input, timestep) =>
            {
                calls.Add(timestep);
                return [0.1f * input[0], 0.2f];
            }, new ForbiddenGaussian());
        }
        return calls;
    }
}

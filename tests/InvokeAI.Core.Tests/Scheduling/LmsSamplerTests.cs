using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

public class LmsSamplerTests
{
    private static readonly double[][] ReferenceCoefficients10 =
    [
        [-6.774758],
        [-4.00103, 0.770321],
        [-2.326069, 0.727107, -0.091905],
        [-1.43976, 0.589569, -0.125674, 0.007719],
    ];

    [Fact]
    public void NameIsInvokeAIs()
    {
        Assert.Equal("k_lms", new LmsSampler(SchedulerConfig.StableDiffusion1, 10).Name);
    }

    [Fact]
    public void CoefficientsMatchTheReferenceRows()
    {
        var sampler = new LmsSampler(SchedulerConfig.StableDiffusion1, 10);

        for (int step = 0; step < ReferenceCoefficients10.Length; step++)
        {
            double[] expected = ReferenceCoefficients10[step];
            IReadOnlyList<double> actual = sampler.GetCoefficients(step, expected.Length);
            Assert.Equal(expected.Length, actual.Count);
            for (int j = 0; j < expected.Length; j++) Assert.Equal(expected[j], actual[j], tolerance: 1e-5);
        }
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(5, 4)]
    [InlineData(9, 3)]
    public void CoefficientsSumToTheStepInSigma(int step, int order)
    {
        // A constant slope must be integrated exactly, whatever the order.
        var sampler = new LmsSampler(SchedulerConfig.StableDiffusion1, 10, useKarrasSigmas: true);

        double sum = sampler.GetCoefficients(step, order).Sum();

        Assert.Equal(sampler.Sigmas[step + 1] - sampler.Sigmas[step], sum, tolerance: 1e-12);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(2, 4)]
    [InlineData(5, 5)]
    [InlineData(5, 0)]
    public void CoefficientsNeedEnoughEarlierSteps(int step, int order)
    {
        var sampler = new LmsSampler(SchedulerConfig.StableDiffusion1, 10);

        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.GetCoefficients(step, order));
    }

    [Fact]
    public void SigmasHaveOneMoreEntryThanStepsAndEndAtZero()
    {
        var sampler = new LmsSampler(SchedulerConfig.StableDiffusion1, 25);

        Assert.Equal(25, sampler.Timesteps.Count);
        Assert.Equal(26, sampler.Sigmas.Count);
        Assert.Equal(0, sampler.Sigmas[^1]);
    }

    [Fact]
    public void AddNoiseAddsSigmaTimesTheNoiseInPlace()
    {
        var sampler = new LmsSampler(SchedulerConfig.StableDiffusion1, 10);
        float[] latent = [1f, -2f];

        sampler.AddNoise(latent, [0.5f, 1f], stepIndex: 3);

        double sigma = sampler.Sigmas[3];
        Assert.Equal(1 + sigma * 0.5, latent[0], tolerance: 1e-5);
        Assert.Equal(-2 + sigma, latent[1], tolerance: 1e-5);
    }

    [Fact]
    public void StepWithAZeroModelLeavesTheSampleAndCallsTheModelOnceWithScaledInput()
    {
        var sampler = new LmsSampler(SchedulerConfig.StableDiffusion1, 10);
        float[] sample = [3f, -1f, 0.25f];
        float[] original = (float[])sample.Clone();
        var calls = new List<(float[] Input, double Timestep)>();

        float[] denoised = sampler.Step(0, sample, (input, t) =>
        {
            calls.Add(((float[])input.Clone(), t));
            return new float[input.Length];
        }, new SeededGaussian(1));

        Assert.Equal(original, sample);
        Assert.Equal(original, denoised);
        var call = Assert.Single(calls);
        Assert.Equal(sampler.Timesteps[0], call.Timestep);
        double scale = 1 / Math.Sqrt(sampler.Sigmas[0] * sampler.Sigmas[0] + 1);
        for (int k = 0; k < sample.Length; k++) Assert.Equal(original[k] * scale, call.Input[k], tolerance: 1e-6);
    }

    [Fact]
    public void FirstImg2ImgStepIsFirstOrderWhateverItsIndex()
    {
        // The order counts the slopes this run has produced (k-diffusion, InvokeAI 2.x), not the absolute
        // step index (diffusers): starting at step 5, the first update is a plain Euler step.
        var sampler = new LmsSampler(SchedulerConfig.StableDiffusion1, 10);
        const float noisePrediction = 0.5f;
        float[] sample = [2f];

        sampler.Step(5, sample, (input, _) => [noisePrediction], new SeededGaussian(1));

        double expected = 2 + (sampler.Sigmas[6] - sampler.Sigmas[5]) * noisePrediction;
        Assert.Equal(expected, sample[0], tolerance: 1e-6);
    }

    [Fact]
    public void StepsMustFollowEachOther()
    {
        var sampler = new LmsSampler(SchedulerConfig.StableDiffusion1, 10);
        float[] sample = [1f];
        ModelFunction zero = (input, _) => new float[input.Length];
        sampler.Step(2, sample, zero, new SeededGaussian(1));

        Assert.Throws<InvalidOperationException>(() => sampler.Step(4, sample, zero, new SeededGaussian(1)));
    }
}

using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>
/// How often, and at which timestep, each sampler calls the model: the count is the cost of a render, the
/// timestep is what tells the UNet the noise level it is looking at.
/// </summary>
public class KSamplerModelCallTests
{
    private const int Steps = 10;
    private const int LatentSize = 16;

    [Theory]
    [InlineData(KSamplerCatalog.Lms, 1, 10, 6)]
    [InlineData(KSamplerCatalog.Euler, 1, 10, 6)]
    [InlineData(KSamplerCatalog.EulerAncestral, 1, 10, 6)]
    [InlineData(KSamplerCatalog.DpmPlusPlus2M, 1, 10, 6)]
    // Two calls on each step but the last, whose step to σ = 0 is a single Euler step: 2·9 + 1 and 2·5 + 1.
    [InlineData(KSamplerCatalog.Heun, 2, 19, 11)]
    [InlineData(KSamplerCatalog.Dpm2, 2, 19, 11)]
    [InlineData(KSamplerCatalog.Dpm2Ancestral, 2, 19, 11)]
    public void ARunOfTenStepsCallsTheModelAnExactNumberOfTimes(
        string name, int callsPerStep, int callsFromTheStart, int callsFromStepFour)
    {
        Assert.Equal(callsPerStep, KSamplerCatalog.ModelCallsPerStep(KSamplerCatalog.Create(name, SchedulerConfig.StableDiffusion1, Steps)));
        Assert.Equal(callsFromTheStart, CountCalls(name, startIndex: 0));
        Assert.Equal(callsFromStepFour, CountCalls(name, startIndex: 4));
    }

    [Theory]
    [MemberData(nameof(KSamplerCatalog.Names), MemberType = typeof(KSamplerCatalog))]
    public void TheFirstCallOfEachStepIsAtThePlanTimestepWithTheScaledSample(string name)
    {
        var config = SchedulerConfig.StableDiffusion1;
        var sampler = KSamplerCatalog.Create(name, config, Steps, useKarrasSigmas: true);
        float[] sample = new SeededGaussian(3).Randn(LatentSize);
        var noise = new SeededGaussian(4);
        var model = SyntheticModel.Imperfect(sampler, config, new float[LatentSize]);

        for (int i = 0; i < Steps; i++)
        {
            float[] before = (float[])sample.Clone();
            double scale = 1 / Math.Sqrt(sampler.Sigmas[i] * sampler.Sigmas[i] + 1);
            bool firstCall = true;
            sampler.Step(i, sample, (input, timestep) =>
            {
                if (firstCall)
                {
                    Assert.Equal(sampler.Timesteps[i], timestep);
                    for (int k = 0; k < LatentSize; k++) Assert.Equal(before[k] * scale, input[k], 1e-6);
                    firstCall = false;
                }
                return model.Function(input, timestep);
            }, noise);
        }
    }

    [Fact]
    public void HeunEvaluatesItsPredictionAtTheNextPlanTimestep()
    {
        var timesteps = SecondCallTimesteps(KSamplerCatalog.Heun, out var sampler, out _);

        for (int i = 0; i < Steps - 1; i++) Assert.Equal(sampler.Timesteps[i + 1], timesteps[i]);
    }

    [Fact]
    public void Dpm2EvaluatesTheLogSigmaMidpointAtItsOwnFractionalTimestep()
    {
        var timesteps = SecondCallTimesteps(KSamplerCatalog.Dpm2, out var sampler, out var model);

        for (int i = 0; i < Steps - 1; i++)
        {
            double midpoint = Math.Sqrt(sampler.Sigmas[i] * sampler.Sigmas[i + 1]);
            Assert.InRange(timesteps[i], sampler.Timesteps[i + 1], sampler.Timesteps[i]);
            Assert.Equal(1, model.SigmaAt(timesteps[i]) / midpoint, 1e-9);
        }
    }

    [Fact]
    public void Dpm2AncestralEvaluatesTheMidpointBetweenSigmaAndSigmaDown()
    {
        var timesteps = SecondCallTimesteps(KSamplerCatalog.Dpm2Ancestral, out var sampler, out var model);

        for (int i = 0; i < Steps - 1; i++)
        {
            double sigma = sampler.Sigmas[i];
            double sigmaNext = sampler.Sigmas[i + 1];
            // σ_down = √(σ_{i+1}² − σ_up²) with σ_up² = σ_{i+1}²(σ_i² − σ_{i+1}²)/σ_i², which is σ_{i+1}²/σ_i.
            double sigmaDown = sigmaNext * sigmaNext / sigma;
            Assert.Equal(1, model.SigmaAt(timesteps[i]) / Math.Sqrt(sigma * sigmaDown), 1e-9);
        }
    }

    private static int CountCalls(string name, int startIndex)
    {
        var config = SchedulerConfig.StableDiffusion1;
        var sampler = KSamplerCatalog.Create(name, config, Steps);
        float[] sample = new SeededGaussian(1).Randn(LatentSize);
        var model = SyntheticModel.Imperfect(sampler, config, new float[LatentSize]);
        var noise = new SeededGaussian(2);

        for (int i = startIndex; i < Steps; i++)
        {
            int before = model.CallTimesteps.Count;
            sampler.Step(i, sample, model.Function, noise);
            int expectedThisStep = i == Steps - 1 ? 1 : KSamplerCatalog.ModelCallsPerStep(sampler);
            Assert.Equal(expectedThisStep, model.CallTimesteps.Count - before);
        }
        return model.CallTimesteps.Count;
    }

    /// <summary>The timestep of the second call of each two-call step, in step order.</summary>
    private static List<double> SecondCallTimesteps(string name, out ISampler sampler, out SyntheticModel model)
    {
        var config = SchedulerConfig.StableDiffusion1;
        sampler = KSamplerCatalog.Create(name, config, Steps);
        model = SyntheticModel.Imperfect(sampler, config, new float[LatentSize]);
        float[] sample = new SeededGaussian(1).Randn(LatentSize);
        var noise = new SeededGaussian(2);

        var secondCalls = new List<double>();
        for (int i = 0; i < Steps; i++)
        {
            int before = model.CallTimesteps.Count;
            sampler.Step(i, sample, model.Function, noise);
            if (model.CallTimesteps.Count - before == 2) secondCalls.Add(model.CallTimesteps[^1]);
        }
        Assert.Equal(Steps - 1, secondCalls.Count);
        return secondCalls;
    }
}

using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Tests.Noise;

public class NoiseGeneratorsTests
{
    [Fact]
    public void CpuSourceGivesTheTorchCpuStream()
    {
        IGaussianNoiseGenerator generator = NoiseGenerators.Create(NoiseSource.Cpu, 42);

        Assert.IsType<TorchCpuGenerator>(generator);
        NoiseAssert.Identical(new TorchCpuGenerator(42).Randn(24), generator.Randn(24));
    }

    [Fact]
    public void CudaSourceGivesThePhiloxStream()
    {
        IGaussianNoiseGenerator generator = NoiseGenerators.Create(NoiseSource.Cuda, 42);

        Assert.IsType<PhiloxGenerator>(generator);
        NoiseAssert.Identical(new PhiloxGenerator(42).Randn(24), generator.Randn(24));
    }

    [Fact]
    public void UnknownSourceIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseGenerators.Create((NoiseSource)99, 0));
    }
}

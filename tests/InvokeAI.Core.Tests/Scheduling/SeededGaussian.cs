using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>
/// A deterministic standard-normal source for sampler tests (Box–Muller over System.Random with a fixed
/// seed). It need not match torch; the tests only need the same numbers on every run.
/// </summary>
internal sealed class SeededGaussian(int seed) : IGaussianNoiseGenerator
{
    private readonly Random _random = new(seed);

    public float[] Randn(int count)
    {
        var values = new float[count];
        for (int k = 0; k < count; k++)
        {
            // 1 − NextDouble() lies in (0, 1], so the logarithm is finite.
            double radius = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble()));
            values[k] = (float)(radius * Math.Cos(2 * Math.PI * _random.NextDouble()));
        }
        return values;
    }
}

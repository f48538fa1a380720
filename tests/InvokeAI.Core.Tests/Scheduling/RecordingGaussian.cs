using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>
/// A <see cref="SeededGaussian"/> that keeps a copy of every batch it hands out, so tests can count draws and
/// rebuild an ancestral step from the exact noise it used.
/// </summary>
internal sealed class RecordingGaussian(int seed) : IGaussianNoiseGenerator
{
    private readonly SeededGaussian _source = new(seed);

    public List<float[]> Draws { get; } = [];

    public float[] Randn(int count)
    {
        float[] values = _source.Randn(count);
        Draws.Add((float[])values.Clone());
        return values;
    }
}

/// <summary>A generator for samplers that must not draw: any draw fails the test.</summary>
internal sealed class ForbiddenGaussian : IGaussianNoiseGenerator
{
    public float[] Randn(int count) => throw new InvalidOperationException("This sampler must not draw noise.");
}

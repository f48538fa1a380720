using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>Passes draws through from another generator and keeps a copy of each, to count and replay them.</summary>
internal sealed class RecordingNoise(IGaussianNoiseGenerator inner) : IGaussianNoiseGenerator
{
    public List<float[]> Draws { get; } = [];

    public float[] Randn(int count)
    {
        float[] values = inner.Randn(count);
        Draws.Add((float[])values.Clone());
        return values;
    }
}

/// <summary>A generator a deterministic sampler must never touch: any draw fails the test.</summary>
internal sealed class ForbiddenNoise : IGaussianNoiseGenerator
{
    public float[] Randn(int count) => throw new InvalidOperationException("A deterministic sampler drew noise.");
}

/// <summary>A broken generator that returns one value fewer than asked for.</summary>
internal sealed class ShortNoise : IGaussianNoiseGenerator
{
    public float[] Randn(int count) => new float[count - 1];
}

/// <summary>Returns the same given values on every draw, so an ancestral step can be computed by hand.</summary>
internal sealed class FixedNoise(float[] values) : IGaussianNoiseGenerator
{
    public float[] Randn(int count)
    {
        Assert.Equal(values.Length, count);
        return (float[])values.Clone();
    }
}

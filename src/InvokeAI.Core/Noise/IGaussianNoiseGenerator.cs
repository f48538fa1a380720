namespace InvokeAI.Core.Noise;

/// <summary>
/// A seeded source of standard normal floats. Stateful like a PyTorch generator: successive calls continue
/// the stream, so the order of draws within one render is part of its reproducibility.
/// </summary>
public interface IGaussianNoiseGenerator
{
    /// <summary>The next <paramref name="count"/> values, as <c>torch.randn(count)</c> would return them.</summary>
    float[] Randn(int count);
}

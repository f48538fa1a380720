using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Scheduling;

/// <summary>The one way a sampler draws fresh noise (k_euler_a, k_dpm_2_a, DDIM with η &gt; 0).</summary>
internal static class NoiseDraw
{
    /// <summary>
    /// One <c>Randn(count)</c>, checked: a generator that returns the wrong number of values would otherwise
    /// surface as an index error inside the update, or silently leave part of the sample without noise.
    /// </summary>
    public static float[] Randn(IGaussianNoiseGenerator noise, int count)
    {
        ArgumentNullException.ThrowIfNull(noise);
        float[] values = noise.Randn(count);
        if (values is null || values.Length != count)
            throw new InvalidOperationException(
                $"The noise generator returned {values?.Length.ToString() ?? "nothing"} values for a sample of {count}.");
        return values;
    }
}

namespace InvokeAI.Core.Noise;

/// <summary>
/// Spherical interpolation between two noise tensors, as InvokeAI 2.x makes variations: walking along the great
/// circle keeps the result's variance that of unit Gaussian noise, where a straight blend would shrink it
/// (halfway between two independent noises a lerp has variance 0.5).
/// </summary>
public static class NoiseSlerp
{
    /// <summary>Above this |cos θ| the vectors are nearly parallel and sin θ too small to divide by: lerp instead.</summary>
    private const double ParallelThreshold = 0.9995;

    /// <summary>slerp(t, v0, v1) over the whole flattened tensors: t = 0 gives v0, t = 1 gives v1.</summary>
    public static float[] Slerp(double t, float[] v0, float[] v1)
    {
        if (v0.Length != v1.Length) throw new ArgumentException($"Noise tensors differ in size ({v0.Length} and {v1.Length}).", nameof(v1));
        if (double.IsNaN(t) || t < 0 || t > 1) throw new ArgumentOutOfRangeException(nameof(t), t, "The variation amount must be between 0 and 1.");

        double dot = 0, norm0 = 0, norm1 = 0;
        for (int i = 0; i < v0.Length; i++)
        {
            dot += (double)v0[i] * v1[i];
            norm0 += (double)v0[i] * v0[i];
            norm1 += (double)v1[i] * v1[i];
        }
        double cosine = dot / (Math.Sqrt(norm0) * Math.Sqrt(norm1));

        double w0, w1;
        if (Math.Abs(cosine) > ParallelThreshold)
        {
            w0 = 1 - t;
            w1 = t;
        }
        else
        {
            double theta = Math.Acos(cosine), sinTheta = Math.Sin(theta);
            w0 = Math.Sin(theta - theta * t) / sinTheta;
            w1 = Math.Sin(theta * t) / sinTheta;
        }
        var result = new float[v0.Length];
        for (int i = 0; i < result.Length; i++) result[i] = (float)(w0 * v0[i] + w1 * v1[i]);
        return result;
    }
}

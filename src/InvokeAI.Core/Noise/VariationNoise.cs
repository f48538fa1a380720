namespace InvokeAI.Core.Noise;

/// <summary>
/// The noise of a render with variations: the seed's noise, slerped in turn toward the noise of each variation
/// seed by its weight. Each variation seed's noise is the first draw of a fresh generator of the same kind, so a
/// recorded "seed:weight" list rebuilds exactly the same tensor.
/// </summary>
public static class VariationNoise
{
    public static float[] Apply(float[] seedNoise, NoiseSource source, IEnumerable<SeedWeight> variations)
    {
        float[] noise = seedNoise;
        foreach (var (seed, weight) in variations)
        {
            if (weight == 0) continue;
            noise = NoiseSlerp.Slerp(weight, noise, NoiseGenerators.Create(source, seed).Randn(noise.Length));
        }
        return noise;
    }
}

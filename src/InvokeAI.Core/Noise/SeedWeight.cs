using System.Globalization;

namespace InvokeAI.Core.Noise;

/// <summary>
/// One variation applied to a render's noise: slerp toward the noise of <see cref="Seed"/> by <see cref="Weight"/>.
/// InvokeAI writes a list of them as "seed:weight,seed:weight" (its -V option).
/// </summary>
public readonly record struct SeedWeight(uint Seed, double Weight)
{
    public override string ToString() =>
        $"{Seed.ToString(CultureInfo.InvariantCulture)}:{Weight.ToString("0.####", CultureInfo.InvariantCulture)}";

    /// <summary>Formats pairs as InvokeAI's -V value.</summary>
    public static string Format(IEnumerable<SeedWeight> pairs) => string.Join(",", pairs);

    /// <summary>Parses InvokeAI's "seed:weight,seed:weight"; a malformed list is a FormatException naming the bad part.</summary>
    public static IReadOnlyList<SeedWeight> ParseList(string text)
    {
        var pairs = new List<SeedWeight>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] halves = part.Split(':');
            if (halves.Length != 2
                || !uint.TryParse(halves[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint seed)
                || !double.TryParse(halves[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double weight)
                || weight < 0 || weight > 1)
                throw new FormatException($"'{part}' is not a variation 'seed:weight' (a seed from 0 to 4294967295, a weight from 0 to 1).");
            pairs.Add(new SeedWeight(seed, weight));
        }
        return pairs;
    }
}

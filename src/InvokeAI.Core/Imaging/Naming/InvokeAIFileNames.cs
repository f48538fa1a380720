using System.Globalization;

namespace InvokeAI.Core.Imaging.Naming;

/// <summary>InvokeAI 2.x output names: a six-digit counter, the seed, the extension (000032.1592514025.png).</summary>
public static class InvokeAIFileNames
{
    public static string Format(int counter, ulong? seed) =>
        seed is null
            ? $"{counter.ToString("000000", CultureInfo.InvariantCulture)}.png"
            : $"{counter.ToString("000000", CultureInfo.InvariantCulture)}.{seed.Value.ToString(CultureInfo.InvariantCulture)}.png";

    /// <summary>
    /// The highest counter among files named like that in the folder; 0 when there are none. Any six digits and a
    /// dot count, whatever follows, as in InvokeAI: its own outputs, seedless ones and variations all share it.
    /// </summary>
    public static int HighestCounter(string directory)
    {
        if (!Directory.Exists(directory)) return 0;
        int highest = 0;
        foreach (string file in Directory.EnumerateFiles(directory))
        {
            string name = Path.GetFileName(file);
            int dot = name.IndexOf('.');
            if (dot == 6 && int.TryParse(name.AsSpan(0, 6), NumberStyles.None, CultureInfo.InvariantCulture, out int counter))
                highest = Math.Max(highest, counter);
        }
        return highest;
    }
}

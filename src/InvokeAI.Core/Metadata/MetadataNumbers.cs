using System.Globalization;

namespace InvokeAI.Core.Metadata;

/// <summary>Numbers as metadata text holds them: invariant culture, shortest form that reads back exactly.</summary>
internal static class MetadataNumbers
{
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    public static double? ParseDouble(string? text) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;

    /// <summary>An integer, also when written as a float ("50.0"), as Python sometimes writes them.</summary>
    public static int? ParseInt(string? text) =>
        ParseDouble(text) is double value && value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;

    public static ulong? ParseSeed(string? text) =>
        ulong.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value : null;
}

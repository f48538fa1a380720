using System.Globalization;
using System.Reflection;

namespace InvokeAI.Core.Imaging;

/// <summary>
/// The caption lines of an image in a grid: one "Name value" line per chosen property of the DiffusionImage.
/// By default Step for a render's intermediate steps, else Strength and Seed (what tells a sweep's images apart).
/// </summary>
public static class ImageCaption
{
    private static readonly Dictionary<string, PropertyInfo> Properties = typeof(DiffusionImage)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.Name != nameof(DiffusionImage.Pixels))
        .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The properties a caption can show, in declaration order.</summary>
    public static IReadOnlyList<string> PropertyNames { get; } = typeof(DiffusionImage)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.Name != nameof(DiffusionImage.Pixels))
        .Select(p => p.Name)
        .ToArray();

    public static IReadOnlyList<string> DefaultProperties(DiffusionImage image) =>
        image.Step is null ? [nameof(DiffusionImage.Strength), nameof(DiffusionImage.Seed)] : [nameof(DiffusionImage.Step)];

    /// <summary>
    /// One (name, value) per property that has a value, in the order asked; <paramref name="properties"/> null
    /// takes <see cref="DefaultProperties"/>. Names are case-insensitive; an unknown one throws.
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> Lines(DiffusionImage image, IReadOnlyList<string>? properties)
    {
        var lines = new List<(string, string)>();
        foreach (string name in properties ?? DefaultProperties(image))
        {
            if (!Properties.TryGetValue(name, out var property))
                throw new ArgumentException($"'{name}' is not a property of an image. Use one of: {string.Join(", ", PropertyNames)}.", nameof(properties));
            object? value = property.GetValue(image);
            string? text = value is null ? null : Format(property.Name, value);
            if (!string.IsNullOrEmpty(text)) lines.Add((property.Name, text));
        }
        return lines;
    }

    private static string Format(string name, object value) => value switch
    {
        // Paths are long; the file or folder name is what tells images apart.
        string path when name is nameof(DiffusionImage.SourcePath) or nameof(DiffusionImage.Model) => Path.GetFileName(path.TrimEnd('/', '\\')),
        double number => number.ToString("0.####", CultureInfo.InvariantCulture),
        float number => number.ToString("0.####", CultureInfo.InvariantCulture),
        TimeSpan span => span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        // Variations read as InvokeAI writes them, "seed:weight,seed:weight"; an empty list as nothing at all.
        IEnumerable<InvokeAI.Core.Noise.SeedWeight> pairs => InvokeAI.Core.Noise.SeedWeight.Format(pairs),
        _ => value.ToString() ?? string.Empty,
    };
}

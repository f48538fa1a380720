using System.Globalization;
using System.Reflection;
using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// The caption lines of an image in a grid: one "Name value" line per chosen property of the image, its own (Width,
/// Step, SourcePath, ...) or its settings' (Seed, Strength, ...). By default Step for a render's intermediate steps,
/// else Strength and Seed (what tells a sweep's images apart).
/// </summary>
public static class ImageCaption
{
    // Every setting is a property of the image too (generated), so one list serves both; Width and Height are the
    // size of the pixels, the image's own.
    private static readonly PropertyInfo[] Properties = typeof(DiffusionImage)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.Name is not (nameof(DiffusionImage.Pixels) or nameof(DiffusionImage.Settings)))
        .OrderBy(p => p.Name is nameof(DiffusionImage.Width) or nameof(DiffusionImage.Height) ? 0 : RenderSettings.Names.Contains(p.Name) ? 1 : 2)
        .ToArray();

    /// <summary>The properties a caption can show: the image's size, its settings, then the rest of its own.</summary>
    public static IReadOnlyList<string> PropertyNames { get; } = Properties.Select(p => p.Name).ToArray();

    public static IReadOnlyList<string> DefaultProperties(DiffusionImage image) =>
        image.Step is null ? [nameof(RenderSettings.Strength), nameof(RenderSettings.Seed)] : [nameof(DiffusionImage.Step)];

    /// <summary>
    /// One (name, value) per property that has a value, in the order asked; <paramref name="properties"/> null
    /// takes <see cref="DefaultProperties"/>. Names are case-insensitive; an unknown one throws.
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> Lines(DiffusionImage image, IReadOnlyList<string>? properties)
    {
        var lines = new List<(string, string)>();
        foreach (string asked in properties ?? DefaultProperties(image))
        {
            var property = Properties.FirstOrDefault(p => p.Name.Equals(asked, StringComparison.OrdinalIgnoreCase))
                           ?? throw new ArgumentException($"'{asked}' is not a property of an image. Use one of: {string.Join(", ", PropertyNames)}.", nameof(properties));
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
        IEnumerable<SeedWeight> pairs => SeedWeight.Format(pairs),
        _ => value.ToString() ?? string.Empty,
    };
}

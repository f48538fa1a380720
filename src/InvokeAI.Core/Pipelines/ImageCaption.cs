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
    // The image's own properties win where both have one: Width and Height are the size of these pixels.
    private static readonly PropertyInfo[] ImageProperties = typeof(DiffusionImage)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.Name is not (nameof(DiffusionImage.Pixels) or nameof(DiffusionImage.Settings)))
        .ToArray();

    /// <summary>The properties a caption can show: the image's size, its settings, then the rest of its own.</summary>
    public static IReadOnlyList<string> PropertyNames { get; } =
        new[] { nameof(DiffusionImage.Width), nameof(DiffusionImage.Height) }
            .Concat(RenderSettings.Names)
            .Concat(ImageProperties.Select(p => p.Name))
            .Distinct()
            .ToArray();

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
            string name = PropertyNames.FirstOrDefault(n => n.Equals(asked, StringComparison.OrdinalIgnoreCase))
                          ?? throw new ArgumentException($"'{asked}' is not a property of an image. Use one of: {string.Join(", ", PropertyNames)}.", nameof(properties));
            object? value = ImageProperties.FirstOrDefault(p => p.Name == name) is { } own ? own.GetValue(image) : image.Settings.ValueOf(name);
            string? text = value is null ? null : Format(name, value);
            if (!string.IsNullOrEmpty(text)) lines.Add((name, text));
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

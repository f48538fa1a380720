using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Imaging.Naming;

/// <summary>
/// A file path with placeholders filled from each image: {seed}, {counter} or {counter:000}, {stem}, {step},
/// {prompt}. The template splits into a fixed folder (the literal text before the first placeholder's folder)
/// and the rest, which <see cref="Expand"/> fills in; values are sanitised, so they never add separators.
/// </summary>
public sealed partial class ImagePathTemplate
{
    /// <summary>{counter} without a format is InvokeAI's six digits.</summary>
    public const int DefaultCounterWidth = 6;

    private enum Placeholder { Seed, Counter, Stem, Step, Prompt }

    /// <summary>Literal text, or a placeholder (with the counter's minimum width).</summary>
    private readonly record struct Part(string? Literal, Placeholder Kind = default, int CounterWidth = 0);

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    private readonly IReadOnlyList<Part> _parts;
    private readonly Regex? _counterFileName;

    public string Text { get; }

    /// <summary>The literal folder the template starts in, with its trailing separator; "" when it has none.</summary>
    public string FixedDirectory { get; }

    public bool HasCounter => _counterFileName is not null;

    private ImagePathTemplate(string text, string fixedDirectory, IReadOnlyList<Part> parts, Regex? counterFileName)
    {
        Text = text;
        FixedDirectory = fixedDirectory;
        _parts = parts;
        _counterFileName = counterFileName;
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(?::(?<format>[^{}]*))?\}")]
    private static partial Regex PlaceholderSyntax();

    public static ImagePathTemplate Parse(string text)
    {
        var placeholders = PlaceholderSyntax().Matches(text);
        // The fixed folder ends at the last separator before the first placeholder (before the file name when none).
        int firstPlaceholder = placeholders.Count > 0 ? placeholders[0].Index : text.Length;
        int fixedEnd = firstPlaceholder == 0 ? 0 : text.LastIndexOfAny(Separators, firstPlaceholder - 1) + 1;
        string fixedDirectory = text[..fixedEnd];

        var parts = new List<Part>();
        int position = fixedEnd;
        foreach (Match match in placeholders)
        {
            if (match.Index > position) parts.Add(new Part(text[position..match.Index]));
            parts.Add(ParsePlaceholder(text, match));
            position = match.Index + match.Length;
        }
        if (position < text.Length) parts.Add(new Part(text[position..]));

        var fileName = FileNameParts(parts);
        if (fileName.Count == 0)
            throw new ImagePathTemplateException(text, $"'{text}' names a folder, not a file: end it with a file name such as {{seed}}.png.");
        int counters = parts.Count(p => p.Literal is null && p.Kind == Placeholder.Counter);
        if (counters > 1)
            throw new ImagePathTemplateException(text, $"'{text}' has {counters} {{counter}} placeholders; use one.");
        if (counters == 1 && !fileName.Any(p => p.Literal is null && p.Kind == Placeholder.Counter))
            throw new ImagePathTemplateException(text, $"In '{text}' the {{counter}} is in a folder name; it belongs in the file name.");
        return new ImagePathTemplate(text, fixedDirectory, parts, counters == 1 ? CounterFileNamePattern(fileName) : null);
    }

    private static Part ParsePlaceholder(string text, Match match)
    {
        string name = match.Groups["name"].Value;
        var format = match.Groups["format"];
        Placeholder kind = name.ToLowerInvariant() switch
        {
            "seed" => Placeholder.Seed,
            "counter" => Placeholder.Counter,
            "stem" => Placeholder.Stem,
            "step" => Placeholder.Step,
            "prompt" => Placeholder.Prompt,
            _ => throw new ImagePathTemplateException(text,
                $"'{text}' has an unknown placeholder {match.Value}: use {{seed}}, {{counter}} (or {{counter:000}}), {{stem}}, {{step}} or {{prompt}}."),
        };
        if (!format.Success) return new Part(null, kind, kind == Placeholder.Counter ? DefaultCounterWidth : 0);
        if (kind != Placeholder.Counter)
            throw new ImagePathTemplateException(text, $"In '{text}' {match.Value} has a format; only {{counter}} takes one.");
        // Only zeros: a width is all a counter needs, and it keeps the names parseable when the counter continues.
        if (format.Value.Length == 0 || format.Value.Any(c => c != '0'))
            throw new ImagePathTemplateException(text,
                $"In '{text}' {match.Value} has a format other than zeros: write one 0 per digit, {{counter:000}} for 001.");
        return new Part(null, kind, format.Value.Length);
    }

    /// <summary>The parts after the last separator: the file name. Separators only occur in literal text.</summary>
    private static List<Part> FileNameParts(IReadOnlyList<Part> parts)
    {
        var fileName = new List<Part>();
        foreach (var part in parts)
        {
            int separator = part.Literal?.LastIndexOfAny(Separators) ?? -1;
            if (separator < 0) { fileName.Add(part); continue; }
            fileName.Clear();
            if (separator + 1 < part.Literal!.Length) fileName.Add(new Part(part.Literal[(separator + 1)..]));
        }
        return fileName;
    }

    /// <summary>
    /// Matches the file names the template writes, whatever its other values, capturing the counter: every
    /// file of the template shares one counter per folder, as InvokeAI's names share one whatever their seeds.
    /// </summary>
    private static Regex CounterFileNamePattern(IReadOnlyList<Part> fileName)
    {
        var pattern = new StringBuilder("^");
        foreach (var part in fileName)
        {
            pattern.Append(part switch
            {
                { Literal: { } literal } => Regex.Escape(literal),
                { Kind: Placeholder.Counter } => $@"(?<counter>\d{{{part.CounterWidth},}})",
                { Kind: Placeholder.Seed or Placeholder.Step } => @"\d+",
                _ => ".*",
            });
        }
        pattern.Append('$');
        // Case-insensitive: a higher counter found in "X.PNG" only skips numbers, never overwrites anything.
        return new Regex(pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    /// <summary>
    /// The path below <see cref="FixedDirectory"/> for this image and counter. Throws
    /// <see cref="ImagePathValueMissingException"/> for a {seed} or {step} the image does not have.
    /// </summary>
    public string Expand(DiffusionImage image, int counter = 1)
    {
        var path = new StringBuilder();
        foreach (var part in _parts)
            path.Append(part.Literal ?? Value(part, image, counter));
        return path.ToString();
    }

    private string Value(Part part, DiffusionImage image, int counter) => part.Kind switch
    {
        Placeholder.Seed => image.Settings.Seed?.ToString(CultureInfo.InvariantCulture)
                            ?? throw Missing("seed", $"'{image}' has no Seed: it was not rendered."),
        Placeholder.Step => image.Step?.ToString(CultureInfo.InvariantCulture)
                            ?? throw Missing("step", $"'{image}' has no Step: only the intermediate images of Get-LatentSteps have one."),
        Placeholder.Counter => counter.ToString(new string('0', part.CounterWidth), CultureInfo.InvariantCulture),
        Placeholder.Stem => Stem(image.SourcePath),
        Placeholder.Prompt => FileNameSanitizer.Prompt(image.Settings.Prompt),
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    private ImagePathValueMissingException Missing(string placeholder, string why) =>
        new(placeholder, $"{{{placeholder}}} in '{Text}' cannot be filled: {why}");

    /// <summary>The source file's name without its extension; "image" when the image came from no file.</summary>
    private static string Stem(string? sourcePath)
    {
        string stem = sourcePath is null ? string.Empty : Path.GetFileNameWithoutExtension(sourcePath);
        return stem.Length == 0 ? "image" : FileNameSanitizer.Clean(stem);
    }

    /// <summary>The highest counter among the folder's files that match the template's file name; 0 when none.</summary>
    public int HighestCounter(string directory)
    {
        if (_counterFileName is null || !Directory.Exists(directory)) return 0;
        int highest = 0;
        foreach (string file in Directory.EnumerateFiles(directory))
        {
            var match = _counterFileName.Match(Path.GetFileName(file));
            if (match.Success && int.TryParse(match.Groups["counter"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int counter))
                highest = Math.Max(highest, counter);
        }
        return highest;
    }
}

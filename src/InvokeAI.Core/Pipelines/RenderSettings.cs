using System.Reflection;
using System.Security.Cryptography;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// A render's settings: everything a user chooses about one img2img render besides its images and its model. This is
/// the one shape they take everywhere: what a request asks for, what a rendered image records, what a saved file
/// carries and what Get-ImageMetadata reads back. A null value is a setting not stated (not given, not recorded, or
/// not agreed on by the images of a grid). InvokeAI 2.x's defaults are declared once, in <see cref="Defaults"/>; the
/// valid range of each number is declared on its property and checked, with the rules that tie settings together,
/// by <see cref="RenderRules"/>.
/// </summary>
/// <remarks>
/// Adding a setting means adding it here, giving it a cmdlet parameter of the same name, and teaching the file
/// formats that can hold it (Metadata/); everything else (precedence, defaults, grids, the PowerShell view of images
/// and records) works over this record's properties.
/// </remarks>
public sealed record RenderSettings
{
    public string? Prompt { get; init; }
    public string? NegativePrompt { get; init; }
    /// <summary>
    /// The language the prompts are written in (weights, blends, brackets): InvokeAI's by default; a record another
    /// tool wrote states its own, so it re-renders as that tool read it.
    /// </summary>
    public PromptSyntax? PromptSyntax { get; init; }
    /// <summary>
    /// Null picks a new random seed per render (recorded on its output). Wide enough for any tool's recorded seed
    /// (ComfyUI's go to 2^64 − 1); renders take 0 to 4294967295.
    /// </summary>
    [SettingRange(0, uint.MaxValue)] public ulong? Seed { get; init; }
    /// <summary>0 keeps the init image (no step is taken), 1 ignores it (starts from pure noise).</summary>
    [SettingRange(0, 1)] public double? Strength { get; init; }
    /// <summary>The schedule's length; a rendered image records the length it used (the one DenoiseSteps chose, if given).</summary>
    [SettingRange(1, RenderRules.MaxSteps)] public int? Steps { get; init; }
    /// <summary>
    /// Steps to actually take instead of <see cref="Steps"/>: the schedule becomes the shortest that takes exactly this
    /// many at <see cref="Strength"/> (the img2img guide's "compensating for the reduced step count").
    /// </summary>
    [SettingRange(1, RenderRules.MaxSteps)] public int? DenoiseSteps { get; init; }
    [SettingRange(0, 100)] public double? CfgScale { get; init; }
    /// <summary>A <see cref="SamplerCatalog"/> name; a record read from another tool may hold that tool's own name.</summary>
    public string? Sampler { get; init; }
    /// <summary>Karras σ spacing (the k_ samplers only).</summary>
    public bool? Karras { get; init; }
    /// <summary>DDIM's η: 0 is deterministic, 1 adds as much fresh noise as DDPM ancestral sampling (ddim only).</summary>
    [SettingRange(0, 1)] public double? Eta { get; init; }
    /// <summary>Which PyTorch generator the seed drives: the CPU one (diffusers, ComfyUI) or A1111's CUDA emulation.</summary>
    public NoiseSource? NoiseSource { get; init; }
    /// <summary>
    /// Whose img2img behaviour to follow: the module's, or InvokeAI 2.x's (its k_ samplers' noise and Karras default;
    /// see <see cref="InvokeAI2Behaviour"/>). A record InvokeAI 2.x wrote states InvokeAI2.
    /// </summary>
    public RenderCompatibility? Compatibility { get; init; }
    /// <summary>Output size; null takes the init image's. Either way rounded down to a multiple of 64. A rendered image records its size.</summary>
    [SettingRange(64, 8192)] public int? Width { get; init; }
    [SettingRange(64, 8192)] public int? Height { get; init; }
    /// <summary>
    /// InvokeAI's --fit: shrink the init image to fit inside Width × Height keeping its aspect ratio (never enlarging),
    /// instead of resizing it to exactly that size.
    /// </summary>
    public bool? Fit { get; init; }
    /// <summary>
    /// Variations applied to the seed's noise, in order (InvokeAI's -V seed:weight,...): reproduces a variant. A rendered
    /// image records every variation it applied, the new one included.
    /// </summary>
    public IReadOnlyList<SeedWeight>? Variations { get; init; }
    /// <summary>A new variation on top of <see cref="Variations"/>: slerp this far (0..1) toward a variation seed's noise (InvokeAI's -v).</summary>
    [SettingRange(0, 1)] public double? Variation { get; init; }
    /// <summary>The new variation's seed; null picks a random one when <see cref="Variation"/> is above 0.</summary>
    public uint? VariationSeed { get; init; }
    /// <summary>Inpainting: repaint what the mask would keep and keep what it would repaint.</summary>
    public bool? InvertMask { get; init; }
    /// <summary>Inpainting: pixels over which the repainted region fades into the kept original, inside the hole only.</summary>
    [SettingRange(0, 64)] public int? MaskBlur { get; init; }
    /// <summary>
    /// Start from a sample of the VAE's posterior (mean + σ·ε, ε drawn from the render's own seeded generator before
    /// the img2img noise, as diffusers' img2img pipelines do) instead of its mean.
    /// </summary>
    public bool? VaeSample { get; init; }
    /// <summary>SDXL: the size its conditioning says the image originally had; null is the render's size (diffusers' default).</summary>
    public PixelSize? OriginalSize { get; init; }
    /// <summary>SDXL: where its conditioning says the image was cropped from; null is (0, 0), not cropped.</summary>
    public PixelOffset? CropTopLeft { get; init; }
    /// <summary>
    /// Run the VAE over overlapping tiles blended across their overlaps (true) or over the whole image at once (false);
    /// null tiles images above 1024 × 1024 pixels (see <see cref="Models.VaeTiling"/>). A render records it when it tiled.
    /// </summary>
    public bool? Tiled { get; init; }

    /// <summary>Nothing stated: the settings of an image that was not rendered.</summary>
    public static RenderSettings None { get; } = new();

    /// <summary>InvokeAI 2.x's defaults, for every setting that has one (a prompt, a seed and a size have none).</summary>
    public static RenderSettings Defaults { get; } = new()
    {
        NegativePrompt = string.Empty,
        PromptSyntax = Prompts.PromptSyntax.InvokeAI,
        Strength = 0.75,
        Steps = 50,
        CfgScale = 7.5,
        Sampler = SamplerCatalog.Default,
        Karras = false,
        Eta = 0,
        NoiseSource = Noise.NoiseSource.Cpu,
        Compatibility = RenderCompatibility.Module,
        Fit = false,
        Variations = [],
        Variation = 0,
        InvertMask = false,
        MaskBlur = 4,
        VaeSample = false,
    };

    // Every operation that treats all settings alike (precedence, agreement, equality) is written once, over the
    // properties, so that a setting added above takes part in all of them without being listed again.
    private static readonly PropertyInfo[] Properties = typeof(RenderSettings)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
        .ToArray();

    /// <summary>The settings' names, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = Properties.Select(p => p.Name).ToArray();

    /// <summary>The declared range of a numeric setting; null for a setting without one.</summary>
    public static SettingRangeAttribute? RangeOf(string name) =>
        Properties.FirstOrDefault(p => p.Name == name)?.GetCustomAttribute<SettingRangeAttribute>();

    /// <summary>The names of the settings stated here.</summary>
    public IEnumerable<string> StatedNames() => Properties.Where(p => p.GetValue(this) is not null).Select(p => p.Name);

    /// <summary>A setting's value by name (null when not stated).</summary>
    public object? ValueOf(string name) => (Properties.FirstOrDefault(p => p.Name == name)
                                            ?? throw new ArgumentException($"'{name}' is not a render setting.", nameof(name))).GetValue(this);

    /// <summary>Every setting stated here, and the others from <paramref name="weaker"/>: how a stronger source lies over a weaker one.</summary>
    public RenderSettings Over(RenderSettings weaker) => Combine(weaker, (mine, theirs) => mine ?? theirs);

    /// <summary>The settings stated here that <paramref name="stronger"/> leaves unstated.</summary>
    public RenderSettings Unless(RenderSettings stronger) => Combine(stronger, (mine, theirs) => theirs is null ? mine : null);

    /// <summary>
    /// These settings with <see cref="Defaults"/> for every one not stated; under InvokeAI 2.x's rules Karras defaults
    /// as InvokeAI 2.x chose it, by step count.
    /// </summary>
    public RenderSettings WithDefaults() => InvokeAI2Behaviour.WithKarrasDefault(this, Over(Defaults));

    /// <summary>The settings all of <paramref name="settings"/> agree on (a grid of one render's steps keeps its seed and prompt).</summary>
    public static RenderSettings Shared(IReadOnlyList<RenderSettings> settings)
    {
        if (settings.Count == 0) return None;
        return settings.Skip(1).Aggregate(settings[0], (shared, next) => shared.Combine(next, (a, b) => SameValue(a, b) ? a : null));
    }

    /// <summary>
    /// These settings with their seeds settled: the seed (a new random one when none was given; the output records it
    /// so the render can be repeated) and, when a new variation is asked for, its variation seed.
    /// </summary>
    public RenderSettings WithSeedsChosen() => this with
    {
        Seed = Seed ?? NewSeed(),
        VariationSeed = Variation > 0 ? VariationSeed ?? NewSeed() : VariationSeed,
    };

    /// <summary>
    /// The settings of <paramref name="count"/> renders of one init image (InvokeAI's -n): the seeds count up from the
    /// seed (one chosen now when none was given), or, with a new variation, every render keeps the seed and gets a
    /// variation seed of its own (InvokeAI's -v with -n).
    /// </summary>
    public IEnumerable<RenderSettings> Repeated(int count)
    {
        ulong first = Seed ?? NewSeed();
        for (int i = 0; i < count; i++)
        {
            yield return Variation > 0
                ? (this with { Seed = first, VariationSeed = i == 0 ? VariationSeed : null }).WithSeedsChosen()
                : (this with { Seed = unchecked((uint)first + (uint)i) }).WithSeedsChosen();
        }
    }

    private static uint NewSeed() => BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));

    /// <summary>
    /// Settings from loosely typed values by setting name, as a CSV row or a piped object brings them: text is read
    /// with the invariant culture ("0.7", "42", "true", "Cuda", "seed:weight,seed:weight"); an empty or blank text is
    /// not given (an empty CSV cell). A value that is not what its setting takes is a <see cref="RenderSettingException"/>
    /// naming the setting and the value, blamed on <paramref name="source"/>.
    /// </summary>
    public static RenderSettings From(IEnumerable<KeyValuePair<string, object?>> values, SettingSource source)
    {
        var settings = new RenderSettings();
        foreach (var (name, value) in values)
        {
            var property = Properties.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                           ?? throw new ArgumentException($"'{name}' is not a render setting.", nameof(values));
            if (value is null || value is string text && string.IsNullOrWhiteSpace(text) && property.PropertyType != typeof(string)) continue;
            try
            {
                property.SetValue(settings, Convert(value, Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType));
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentException)
            {
                // The variations' parser names the pair at fault itself.
                string message = property.PropertyType == typeof(IReadOnlyList<SeedWeight>) ? e.Message
                    : $"{property.Name} {(value is string ? $"'{value}'" : value)} is not {Expected(property)}.";
                throw new RenderSettingException(property.Name, message, source, e);
            }
        }
        return settings;
    }

    private static object Convert(object value, Type type)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (type.IsInstanceOfType(value)) return value;
        if (type == typeof(IReadOnlyList<SeedWeight>))
        {
            return value switch
            {
                string text => SeedWeight.ParseList(text),
                IEnumerable<SeedWeight> pairs => pairs.ToList(),
                System.Collections.IEnumerable items => items.Cast<object>().SelectMany(item => SeedWeight.ParseList(System.Convert.ToString(item, invariant) ?? "")).ToList(),
                _ => SeedWeight.ParseList(System.Convert.ToString(value, invariant) ?? ""),
            };
        }
        if (type.IsEnum)
        {
            object member = Enum.Parse(type, System.Convert.ToString(value, invariant)!.Trim(), ignoreCase: true);
            return Enum.IsDefined(type, member) ? member : throw new FormatException();
        }
        if (type == typeof(bool) && value is string flag) return bool.Parse(flag.Trim());
        if (value is string parsable && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IParsable<>)))
            return type.GetMethod(nameof(IParsable<int>.Parse), [typeof(string), typeof(IFormatProvider)])!
                .Invoke(null, BindingFlags.DoNotWrapExceptions, null, [parsable.Trim(), invariant], null)!;
        // 10.7 steps or a seed of 1.5 is a mistake to report, not a number to round.
        if (type != typeof(double) && value is double or float or decimal && System.Convert.ToDecimal(value, invariant) % 1 != 0) throw new FormatException();
        return System.Convert.ChangeType(value is string number ? number.Trim() : value, type, invariant);
    }

    private static string Expected(PropertyInfo setting) => (Nullable.GetUnderlyingType(setting.PropertyType) ?? setting.PropertyType) switch
    {
        var t when t == typeof(double) => "a number" + (setting.GetCustomAttribute<SettingRangeAttribute>() is { } range ? $" from {range}" : ""),
        var t when t == typeof(int) || t == typeof(ulong) || t == typeof(uint) =>
            "a whole number" + (setting.GetCustomAttribute<SettingRangeAttribute>() is { } range ? $" from {range}" : ""),
        var t when t == typeof(bool) => "true or false",
        var t when t.IsEnum => string.Join(" or ", Enum.GetNames(t)),
        var t when t == typeof(IReadOnlyList<SeedWeight>) => "a list of variations 'seed:weight,seed:weight'",
        var t when t == typeof(PixelSize) => "a size 'width x height' such as 1024x1024",
        var t when t == typeof(PixelOffset) => "a crop corner 'top,left' such as 0,0",
        _ => "text",
    };

    private RenderSettings Combine(RenderSettings other, Func<object?, object?, object?> pick)
    {
        var result = new RenderSettings();
        foreach (var property in Properties) property.SetValue(result, pick(property.GetValue(this), property.GetValue(other)));
        return result;
    }

    // Variations are lists, which records would compare by reference: settings compare by what they say.
    internal static bool SameValue(object? a, object? b) =>
        a is IEnumerable<SeedWeight> x && b is IEnumerable<SeedWeight> y ? x.SequenceEqual(y) : Equals(a, b);

    public bool Equals(RenderSettings? other) =>
        other is not null && Properties.All(p => SameValue(p.GetValue(this), p.GetValue(other)));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var property in Properties)
            hash.Add(property.GetValue(this) is IEnumerable<SeedWeight> pairs ? pairs.Count() : property.GetValue(this));
        return hash.ToHashCode();
    }

    public override string ToString() => string.Join(", ", StatedNames().Select(name => $"{name} {Describe(ValueOf(name))}"));

    private static string Describe(object? value) => value switch
    {
        string text => $"'{text}'",
        IEnumerable<SeedWeight> pairs => pairs.Any() ? SeedWeight.Format(pairs) : "none",
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => $"{value}",
    };
}

/// <summary>
/// Marks a partial type that carries a <see cref="RenderSettings"/> as its <c>Settings</c>: at build time the
/// generator in src/InvokeAI.Generators gives it a read-only property per setting that reads through to Settings, so
/// each setting is a real property of the image or record (for C#, and for PowerShell in any runspace: Select-Object,
/// format views, binding by property name) without being declared again. Names the type declares itself are left alone.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class ShowsRenderSettingsAttribute : Attribute;

/// <summary>The range a numeric render setting may take, both ends included.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingRangeAttribute(double minimum, double maximum) : Attribute
{
    public double Minimum { get; } = minimum;
    public double Maximum { get; } = maximum;

    public bool Contains(double value) => value >= Minimum && value <= Maximum;

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Minimum} to {Maximum}");
}

using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// InvokeAI's "Dream" PNG text: the command line that reproduces the image,
/// <c>"prompt [negative]" -s 50 -S 1592514025 -W 512 -H 512 -C 7.5 -A k_lms -f 0.75 -I init.png -V seed:weight,...</c>.
/// It holds what InvokeAI's command line can say; Karras, η and the noise source are in the module's own record.
/// </summary>
public static class DreamCommand
{
    public const string Keyword = "Dream";

    public static string Write(DiffusionImage image)
    {
        var settings = image.Settings;
        var parts = new List<string> { CommandLineQuoting.QuoteAlways(InvokeAIPromptSyntax.Combine(settings.Prompt, settings.NegativePrompt)) };
        void Add(string option, string? value)
        {
            if (value is not null) parts.Add($"{option} {value}");
        }
        Add("-s", settings.Steps is int steps ? MetadataNumbers.Format(steps) : null);
        Add("-S", settings.Seed is ulong seed ? MetadataNumbers.Format(seed) : null);
        Add("-W", settings.Width is int width ? MetadataNumbers.Format(width) : null);
        Add("-H", settings.Height is int height ? MetadataNumbers.Format(height) : null);
        Add("-C", settings.CfgScale is double cfg ? MetadataNumbers.Format(cfg) : null);
        Add("-A", settings.Sampler);
        Add("-f", settings.Strength is double strength ? MetadataNumbers.Format(strength) : null);
        Add("-I", image.SourcePath is string path ? CommandLineQuoting.Quote(path) : null);
        if (settings.Variations is { Count: > 0 } variations) Add("-V", SeedWeight.Format(variations));
        return string.Join(" ", parts);
    }

    /// <summary>The parameters of a Dream line; null when it has no prompt to start with.</summary>
    public static ImageMetadata? Parse(string line)
    {
        var tokens = CommandLineQuoting.Split(line);
        int index = 0;
        // The prompt comes first: written quoted it is one token, which may even start with a dash; an older line
        // may have it unquoted, as several words.
        if (tokens.Count == 0 || ValueOptions.ContainsKey(tokens[0])) return null;
        var promptWords = new List<string> { tokens[index++] };
        for (; index < tokens.Count && !IsOption(tokens[index]); index++) promptWords.Add(tokens[index]);
        var (prompt, negative) = InvokeAIPromptSyntax.Split(string.Join(" ", promptWords));

        var values = new Dictionary<string, string>();
        while (index < tokens.Count)
        {
            string option = tokens[index++];
            if (ValueOptions.TryGetValue(option, out string? name))
            {
                if (index < tokens.Count) values[name] = tokens[index++];
                continue;
            }
            // An option this reader does not know (upscaling, face restoration, ...): skip it and whatever values
            // follow it, up to the next option.
            while (index < tokens.Count && !IsOption(tokens[index])) index++;
        }

        string? Value(string name) => values.GetValueOrDefault(name);
        var (sampler, karras) = ForeignSamplerNames.FromInvokeAI(Value("sampler"));
        return new ImageMetadata
        {
            Format = MetadataFormats.InvokeAI,
            Settings = new RenderSettings
            {
                Prompt = prompt,
                NegativePrompt = negative,
                PromptSyntax = PromptSyntax.InvokeAI,
                Seed = MetadataNumbers.ParseSeed(Value("seed")),
                Steps = MetadataNumbers.ParseInt(Value("steps")),
                CfgScale = MetadataNumbers.ParseDouble(Value("cfg")),
                Strength = MetadataNumbers.ParseDouble(Value("strength")),
                Sampler = sampler,
                Karras = karras,
                Width = MetadataNumbers.ParseInt(Value("width")),
                Height = MetadataNumbers.ParseInt(Value("height")),
                Variations = ParseVariations(Value("variations")),
            },
            InitImagePath = Value("init"),
            SourceText = line,
        };
    }

    private static readonly Dictionary<string, string> ValueOptions = new()
    {
        ["-s"] = "steps", ["--steps"] = "steps",
        ["-S"] = "seed", ["--seed"] = "seed",
        ["-W"] = "width", ["--width"] = "width",
        ["-H"] = "height", ["--height"] = "height",
        ["-C"] = "cfg", ["--cfg_scale"] = "cfg",
        ["-A"] = "sampler", ["--sampler"] = "sampler", ["--sampler_name"] = "sampler",
        ["-f"] = "strength", ["--strength"] = "strength",
        ["-I"] = "init", ["--init_img"] = "init",
        ["-V"] = "variations", ["--with_variations"] = "variations",
    };

    // "-0.5" is a value, not an option.
    private static bool IsOption(string token) =>
        token.Length > 1 && token[0] == '-' && !char.IsAsciiDigit(token[1]) && token[1] != '.';

    /// <summary>InvokeAI writes -V only when there are variations, so none written means none; a malformed list is unknown.</summary>
    private static IReadOnlyList<SeedWeight>? ParseVariations(string? text)
    {
        if (text is null) return [];
        try
        {
            return SeedWeight.ParseList(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

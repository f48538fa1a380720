using System.Text.RegularExpressions;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// InvokeAI's "Dream" PNG text: the command line that reproduces the image,
/// <c>"prompt [negative]" -s 50 -S 1592514025 -W 512 -H 512 -C 7.5 -A k_lms -f 0.75 -I init.png -V seed:weight,...</c>.
/// It holds what InvokeAI's command line can say; Karras, η and the noise source are in the module's own record.
/// </summary>
public static partial class DreamCommand
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

    /// <summary>
    /// The parameters of a Dream line; null when it has no prompt to start with. Read as InvokeAI's own parser reads
    /// it (ldm/invoke/args.py, <c>parse_cmd</c> and its argparse switches): a quoted prompt is the first shell word,
    /// an unquoted one runs up to the first switch; switches may be spaced or compact (<c>-s 50</c>, <c>-s50</c>,
    /// <c>--steps=50</c>). InvokeAI's other lines (a !fix or !mask command, a step image's placeholder) come back as
    /// records of that <see cref="RecordKind"/>, with no settings.
    /// </summary>
    public static ImageMetadata? Parse(string line)
    {
        string text = line.Trim();
        if (text.Length == 0 || text[0] == '-') return null;
        if (OtherLine(text, line) is { } other) return other;

        string promptText;
        IReadOnlyList<string> switches;
        if (text[0] == '"')
        {
            var words = CommandLineQuoting.Split(text);
            promptText = words[0];
            switches = words.Skip(1).ToList();
        }
        else if (UnquotedPromptPattern().Match(text) is { Success: true } match)
        {
            promptText = match.Groups["prompt"].Value;
            switches = CommandLineQuoting.Split(match.Groups["switches"].Value);
        }
        else
        {
            promptText = text;
            switches = [];
        }
        var (prompt, negative) = InvokeAIPromptSyntax.Split(promptText);
        var (values, flags) = ReadSwitches(switches);

        string? Value(string name) => values.GetValueOrDefault(name);
        var (sampler, karras) = ForeignSamplerNames.FromInvokeAI(Value("sampler"));
        int? steps = MetadataNumbers.ParseInt(Value("steps"));
        // --karras_max moved InvokeAI 2.1+'s threshold for Karras σs; with the steps known, the switch settles Karras.
        if (karras is null && MetadataNumbers.ParseInt(Value("karras_max")) is int karrasMax && steps is int length
            && SamplerCatalog.TryFind(sampler)?.UsesKarras == true)
            karras = length < karrasMax;
        string? init = Value("init");
        bool embedded = init?.StartsWith("data:", StringComparison.OrdinalIgnoreCase) == true;
        string? mask = Value("mask");
        return new ImageMetadata
        {
            Format = MetadataFormats.InvokeAI,
            Settings = new RenderSettings
            {
                Prompt = prompt,
                NegativePrompt = negative,
                PromptSyntax = PromptSyntax.InvokeAI,
                Seed = MetadataNumbers.ParseSeed(Value("seed")),
                Steps = steps,
                CfgScale = MetadataNumbers.ParseDouble(Value("cfg")),
                Strength = MetadataNumbers.ParseDouble(Value("strength")),
                Sampler = sampler,
                Karras = karras,
                Width = MetadataNumbers.ParseInt(Value("width")),
                Height = MetadataNumbers.ParseInt(Value("height")),
                Fit = flags.Contains("fit") ? true : null,
                Variations = ParseVariations(Value("variations")),
            },
            InitImagePath = embedded ? null : init,
            InitImageEmbedded = embedded ? true : null,
            MaskPath = mask,
            MaskSource = mask is null ? null : MaskSource.Mask,
            SourceText = EmbeddedData.WithoutData(line),
        };
    }

    /// <summary>
    /// The switches' values by name and the flags given: an unknown switch is skipped with the values that follow it
    /// (upscaling, face restoration, ...), up to the next switch.
    /// </summary>
    private static (Dictionary<string, string> Values, HashSet<string> Flags) ReadSwitches(IReadOnlyList<string> tokens)
    {
        var values = new Dictionary<string, string>();
        var flags = new HashSet<string>();
        for (int index = 0; index < tokens.Count;)
        {
            string token = tokens[index++];
            if (!IsOption(token)) continue;
            string name = token;
            string? attached = null;
            if (token.StartsWith("--", StringComparison.Ordinal))
            {
                int equals = token.IndexOf('=');
                if (equals > 0) (name, attached) = (token[..equals], token[(equals + 1)..]);
            }
            else if (!Switches.ContainsKey(token))
            {
                // argparse's compact form of a one-letter switch: -s50, -Ak_lms, -Idata:...
                (name, attached) = (token[..2], token[2..]);
            }

            if (!Switches.TryGetValue(name, out string? setting))
            {
                if (attached is null) while (index < tokens.Count && !IsOption(tokens[index])) index++;
                continue;
            }
            if (FlagSwitches.Contains(setting))
            {
                flags.Add(setting);
                continue;
            }
            if (attached is not null) values[setting] = attached;
            else if (index < tokens.Count) values[setting] = tokens[index++];
        }
        return (values, flags);
    }

    /// <summary>The switches this reader takes, by every spelling InvokeAI 2.x's parser accepts, and what each sets.</summary>
    private static readonly Dictionary<string, string> Switches = new()
    {
        ["-s"] = "steps", ["--steps"] = "steps",
        ["-S"] = "seed", ["--seed"] = "seed",
        ["-W"] = "width", ["--width"] = "width",
        ["-H"] = "height", ["--height"] = "height",
        ["-C"] = "cfg", ["--cfg_scale"] = "cfg",
        ["-A"] = "sampler", ["-m"] = "sampler", ["--sampler"] = "sampler", ["--sampler_name"] = "sampler",
        ["-f"] = "strength", ["--strength"] = "strength",
        ["-I"] = "init", ["--init_img"] = "init",
        ["-M"] = "mask", ["--init_mask"] = "mask",
        ["-V"] = "variations", ["--with_variations"] = "variations",
        ["--karras_max"] = "karras_max",
        ["-T"] = "fit", ["-fit"] = "fit", ["--fit"] = "fit",
    };

    private static readonly HashSet<string> FlagSwitches = ["fit"];

    /// <summary>InvokeAI's own rule for where an unquoted prompt ends: at the first word that looks like a switch.</summary>
    [GeneratedRegex(@"^(?<prompt>.+?)\s(?<switches>--?[a-zA-Z].*)$", RegexOptions.Singleline)]
    private static partial Regex UnquotedPromptPattern();

    /// <summary>A line of InvokeAI's that is not a render's command: a ! command, or the placeholder of a step image.</summary>
    private static ImageMetadata? OtherLine(string text, string line)
    {
        if (PlaceholderPattern().IsMatch(text))
            return NotARender(RecordKind.Placeholder, $"the placeholder '{text}' InvokeAI wrote into its step images instead of a command", line);
        if (text[0] != '!') return null;
        var words = CommandLineQuoting.Split(text);
        string command = words[0];
        string? file = words.Count > 1 && !IsOption(words[1]) ? words[1] : null;
        string of = file is null ? "" : $" of '{file}'";
        return command.ToLowerInvariant() switch
        {
            "!fix" => NotARender(RecordKind.Postprocessing, $"InvokeAI's !fix command, which postprocessed an existing image{of}", line),
            "!mask" => NotARender(RecordKind.Mask, $"InvokeAI's !mask command, which previewed the mask a text selects in an image{of}", line),
            _ => NotARender(RecordKind.Command, $"InvokeAI's {command} command", line),
        };
    }

    private static ImageMetadata NotARender(RecordKind kind, string description, string line) => new()
    {
        Format = MetadataFormats.InvokeAI,
        Kind = kind,
        Description = description,
        SourceText = EmbeddedData.WithoutData(line),
    };

    [GeneratedRegex(@"^<[^<>]*>$")]
    private static partial Regex PlaceholderPattern();

    // "-0.5" is a value, not an option.
    private static bool IsOption(string token) =>
        token.Length > 1 && token[0] == '-' && !char.IsAsciiDigit(token[1]) && token[1] != '.';

    /// <summary>
    /// InvokeAI writes -V only when there are variations, so none written means none; a malformed list is unknown.
    /// InvokeAI's "seed:weight,seed:weight" was "seed,weight;seed,weight" in its first web UI.
    /// </summary>
    private static IReadOnlyList<SeedWeight>? ParseVariations(string? text)
    {
        if (text is null) return [];
        try
        {
            return SeedWeight.ParseList(text.Contains(':') ? text : string.Join(",", text.Split(';').Select(pair => pair.Replace(',', ':'))));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

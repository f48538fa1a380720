using System.Text.Json;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// AUTOMATIC1111's "parameters" text (a PNG text chunk, or the EXIF user comment of a JPEG or WebP):
/// the prompt's lines, then optionally "Negative prompt: ..." lines, then one line of "Key: value" settings
/// separated by commas ("Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 123, Size: 512x512, ..."), where a
/// value holding commas is written as a JSON string.
/// </summary>
public static class A1111Parameters
{
    public const string Keyword = "parameters";
    private const string NegativePrefix = "Negative prompt:";

    /// <summary>The parameters in <paramref name="text"/>; null when it has no settings line (so it is not A1111's).</summary>
    public static ImageMetadata? Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        var settings = ParseSettings(lines[^1]);
        if (!settings.ContainsKey("Steps")) return null;

        var promptLines = lines[..^1];
        int negativeAt = Array.FindIndex(promptLines, l => l.StartsWith(NegativePrefix, StringComparison.Ordinal));
        string prompt = string.Join("\n", negativeAt < 0 ? promptLines : promptLines[..negativeAt]).Trim();
        string negative = negativeAt < 0
            ? string.Empty
            : string.Join("\n", promptLines[negativeAt..])[NegativePrefix.Length..].Trim();

        string? Setting(string key) => settings.GetValueOrDefault(key);
        var (sampler, karras) = ForeignSamplerNames.FromA1111(Setting("Sampler"), Setting("Schedule type"));
        var (width, height) = ParseSize(Setting("Size"));
        return new ImageMetadata
        {
            Format = MetadataFormats.A1111,
            Settings = new RenderSettings
            {
                Prompt = prompt,
                NegativePrompt = negative,
                PromptSyntax = PromptSyntax.A1111,
                Seed = MetadataNumbers.ParseSeed(Setting("Seed")),
                Steps = MetadataNumbers.ParseInt(Setting("Steps")),
                CfgScale = MetadataNumbers.ParseDouble(Setting("CFG scale")),
                Strength = MetadataNumbers.ParseDouble(Setting("Denoising strength")),
                Sampler = sampler,
                Karras = karras,
                Eta = MetadataNumbers.ParseDouble(Setting("Eta DDIM")),
                NoiseSource = NoiseSourceOf(Setting("RNG")),
                Width = width,
                Height = height,
                Variations = Variations(Setting("Variation seed"), Setting("Variation seed strength")),
                // Written for inpaintings. A1111 blurs the whole mask where this module feathers the hole inward, so
                // the same number gives a similar, not the same, edge.
                MaskBlur = MetadataNumbers.ParseInt(Setting("Mask blur")),
            },
            ModelName = Setting("Model") ?? Setting("Model hash"),
            SourceText = text,
        };
    }

    /// <summary>"Key: value, Key: "quoted, value", ..." → key → value.</summary>
    private static Dictionary<string, string> ParseSettings(string line)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        int i = 0;
        while (i < line.Length)
        {
            int colon = line.IndexOf(':', i);
            if (colon < 0) break;
            string key = line[i..colon].Trim();
            i = colon + 1;
            while (i < line.Length && line[i] == ' ') i++;
            string value;
            if (i < line.Length && line[i] == '"' && ReadQuoted(line, i) is { } quoted)
            {
                value = quoted.Value;
                i = quoted.End;
                int comma = line.IndexOf(',', i);
                i = comma < 0 ? line.Length : comma + 1;
            }
            else
            {
                int comma = line.IndexOf(',', i);
                value = (comma < 0 ? line[i..] : line[i..comma]).Trim();
                i = comma < 0 ? line.Length : comma + 1;
            }
            if (key.Length > 0) settings[key] = value;
        }
        return settings;
    }

    /// <summary>A JSON string starting at <paramref name="start"/>, and the index after its closing quote.</summary>
    private static (string Value, int End)? ReadQuoted(string line, int start)
    {
        for (int i = start + 1; i < line.Length; i++)
        {
            if (line[i] == '\\') { i++; continue; }
            if (line[i] != '"') continue;
            try
            {
                return (JsonSerializer.Deserialize<string>(line[start..(i + 1)]) ?? string.Empty, i + 1);
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return null;
    }

    private static (int? Width, int? Height) ParseSize(string? size)
    {
        var parts = size?.Split('x');
        return parts is { Length: 2 } ? (MetadataNumbers.ParseInt(parts[0]), MetadataNumbers.ParseInt(parts[1])) : (null, null);
    }

    /// <summary>
    /// A1111 draws noise on the GPU unless its RNG setting says otherwise, and writes "RNG" only then: on an NVIDIA
    /// GPU (and with "NV") that is CUDA's generator; "CPU" is PyTorch's CPU one.
    /// </summary>
    private static NoiseSource NoiseSourceOf(string? rng) =>
        string.Equals(rng, "CPU", StringComparison.OrdinalIgnoreCase) ? NoiseSource.Cpu : NoiseSource.Cuda;

    /// <summary>
    /// A1111's variation seed is the same idea as InvokeAI's -V (slerp the noise toward another seed's by a weight),
    /// so it is one seed:weight pair here; A1111 slerps row by row rather than the whole tensor, so the noise it
    /// makes is close to, not exactly, what the pair makes here.
    /// </summary>
    private static IReadOnlyList<SeedWeight> Variations(string? seed, string? strength) =>
        MetadataNumbers.ParseSeed(seed) is { } s && s <= uint.MaxValue && MetadataNumbers.ParseDouble(strength) is { } w and > 0
            ? [new SeedWeight((uint)s, w)]
            : [];
}

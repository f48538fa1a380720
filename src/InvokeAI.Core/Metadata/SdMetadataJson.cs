using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// InvokeAI 2.x's "sd-metadata" PNG text: JSON of the form
/// <c>{model, model_id, app_id, app_version, image: {type, prompt: [{prompt, weight}], seed, variations: [{seed, weight}],
/// steps, cfg_scale, width, height, sampler, strength, init_image_path, orig_hash}}</c>.
/// </summary>
public static class SdMetadataJson
{
    public const string Keyword = "sd-metadata";
    public const string AppId = "InvokeAI.PowerShell";

    public static string Write(DiffusionImage image)
    {
        var settings = image.Settings;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("model", "stable diffusion");
            WriteIfSet(json, "model_id", image.Model is { } model ? RenderRecordJson.ModelName(model) : null);
            json.WriteString("app_id", AppId);
            json.WriteString("app_version", RenderRecordJson.CurrentModuleVersion);

            json.WriteStartObject("image");
            json.WriteString("type", "img2img");
            json.WriteStartArray("prompt");
            json.WriteStartObject();
            json.WriteString("prompt", InvokeAIPromptSyntax.Combine(settings.Prompt, settings.NegativePrompt));
            json.WriteNumber("weight", 1.0);
            json.WriteEndObject();
            json.WriteEndArray();
            if (settings.Seed is ulong seed) json.WriteNumber("seed", seed);
            json.WriteStartArray("variations");
            foreach (var (variationSeed, weight) in settings.Variations ?? [])
            {
                json.WriteStartObject();
                json.WriteNumber("seed", variationSeed);
                json.WriteNumber("weight", weight);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (settings.Steps is int steps) json.WriteNumber("steps", steps);
            if (settings.CfgScale is double cfg) json.WriteNumber("cfg_scale", cfg);
            if (settings.Width is int width) json.WriteNumber("width", width);
            if (settings.Height is int height) json.WriteNumber("height", height);
            WriteIfSet(json, "sampler", settings.Sampler);
            if (settings.Strength is double strength) json.WriteNumber("strength", strength);
            WriteIfSet(json, "init_image_path", image.SourcePath);
            WriteIfSet(json, "orig_hash", image.InitImageHash);
            json.WriteEndObject();

            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null) json.WriteString(name, value);
    }

    /// <summary>
    /// The parameters of an sd-metadata JSON; null when it is not JSON or has no image object. A grid's record lists
    /// its images ("images"): the settings they share are read, as a grid of the module's own keeps them.
    /// </summary>
    public static ImageMetadata? Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            List<JsonElement> images = root.TryGetProperty("image", out var single) && single.ValueKind == JsonValueKind.Object ? [single]
                : root.TryGetProperty("images", out var many) && many.ValueKind == JsonValueKind.Array
                    ? many.EnumerateArray().Where(image => image.ValueKind == JsonValueKind.Object).ToList()
                    : [];
            if (images.Count == 0) return null;

            string? appVersion = Json.String(root, "app_version");
            // InvokeAI 2.x's k_ samplers drew and spaced differently: the version that wrote the record says so.
            var implied = InvokeAIAppVersion.SettingsImplied(Json.String(root, "app_id"), appVersion);
            var settings = RenderSettings.Shared(images.Select(image => SettingsOf(image, implied)).ToList());
            // InvokeAI 1.x wrote init_img (2.2 dropped it through a typo in its field list); the module writes init_image_path.
            // A grid's images state one value each: kept where they agree, as the settings are.
            string? Shared(Func<JsonElement, string?> value) => images.Select(value).Distinct().Count() == 1 ? value(images[0]) : null;
            string? init = Shared(image => Json.String(image, "init_image_path") ?? Json.String(image, "init_img"));
            bool embedded = init?.StartsWith("data:", StringComparison.OrdinalIgnoreCase) == true;
            return new ImageMetadata
            {
                Format = MetadataFormats.InvokeAI,
                AppVersion = appVersion,
                Settings = settings,
                ModelName = Json.String(root, "model_id") ?? Json.String(root, "model_weights"),
                InitImagePath = embedded ? null : init,
                InitImageEmbedded = embedded ? true : null,
                InitImageHash = Shared(image => Json.String(image, "orig_hash")),
                SourceText = EmbeddedData.WithoutData(text),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static RenderSettings SettingsOf(JsonElement image, RenderSettings implied)
    {
        var (prompt, negative) = InvokeAIPromptSyntax.Split(PromptText(image) ?? string.Empty);
        var (sampler, karras) = ForeignSamplerNames.FromInvokeAI(Json.String(image, "sampler"));
        return new RenderSettings
        {
            Prompt = prompt,
            NegativePrompt = negative,
            PromptSyntax = PromptSyntax.InvokeAI,
            Seed = Json.UInt64(image, "seed"),
            Steps = Json.Int32(image, "steps"),
            CfgScale = Json.Double(image, "cfg_scale"),
            // InvokeAI 1.15 to 2.3's metadata_dumps renames the strength "strength_steps" in img2img records (and
            // drops it from txt2img ones; a grid's "images" kept it, with no init image to apply it to).
            Strength = Json.String(image, "type") == "txt2img" ? null : Json.Double(image, "strength") ?? Json.Double(image, "strength_steps"),
            Sampler = sampler,
            Karras = karras ?? implied.Karras,
            Compatibility = implied.Compatibility,
            Width = Json.Int32(image, "width"),
            Height = Json.Int32(image, "height"),
            Variations = Variations(image),
        };
    }

    /// <summary>
    /// The prompt as one string. InvokeAI writes a list of weighted sub-prompts; several are joined in its blend
    /// syntax ("a:0.5 b:0.5"). Some versions wrote a plain string.
    /// </summary>
    private static string? PromptText(JsonElement image)
    {
        if (!image.TryGetProperty("prompt", out var prompt)) return null;
        if (prompt.ValueKind == JsonValueKind.String) return prompt.GetString();
        if (prompt.ValueKind != JsonValueKind.Array) return null;
        var parts = prompt.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object)
            .Select(p => (Text: Json.String(p, "prompt") ?? string.Empty, Weight: Json.Double(p, "weight") ?? 1.0)).ToList();
        return parts.Count == 1
            ? parts[0].Text
            : string.Join(" ", parts.Select(p => $"{p.Text}:{MetadataNumbers.Format(p.Weight)}"));
    }

    private static IReadOnlyList<SeedWeight>? Variations(JsonElement image)
    {
        if (!image.TryGetProperty("variations", out var variations) || variations.ValueKind == JsonValueKind.Null) return [];
        if (variations.ValueKind != JsonValueKind.Array) return null;
        var pairs = new List<SeedWeight>();
        foreach (var pair in variations.EnumerateArray())
        {
            // InvokeAI has written both {seed, weight} objects and [seed, weight] pairs.
            ulong? seed = pair.ValueKind == JsonValueKind.Array ? Json.UInt64(pair, 0) : Json.UInt64(pair, "seed");
            double? weight = pair.ValueKind == JsonValueKind.Array ? Json.Double(pair, 1) : Json.Double(pair, "weight");
            if (seed is not { } s || s > uint.MaxValue || weight is not { } w) return null;
            pairs.Add(new SeedWeight((uint)s, w));
        }
        return pairs;
    }
}

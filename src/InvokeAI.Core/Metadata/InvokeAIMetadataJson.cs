using System.Text.Json;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// InvokeAI 3.0 and later's "invokeai_metadata" PNG text: the JSON of its core metadata node,
/// <c>{generation_mode, positive_prompt, negative_prompt, width, height, seed, rand_device, cfg_scale, steps, scheduler,
/// clip_skip, model, strength, init_image, loras, controlnets, …, app_version}</c>. These versions render through
/// diffusers' schedulers, whose maths the module's own rules follow; what the module does not apply (clip skip,
/// LoRAs, control adapters, the high-resolution pass, the refiner) is listed in <see cref="ImageMetadata.NotApplied"/>.
/// </summary>
public static class InvokeAIMetadataJson
{
    public const string Keyword = "invokeai_metadata";

    /// <summary>The parameters of an invokeai_metadata JSON; null when it is not JSON or holds none of them.</summary>
    public static ImageMetadata? Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Json.String(root, "positive_prompt") is not { } prompt) return null;

            var (sampler, karras) = ForeignSamplerNames.FromInvokeAI3(Json.String(root, "scheduler"));
            string? mode = Json.String(root, "generation_mode");
            var model = Json.Property(root, "model");
            return new ImageMetadata
            {
                Format = MetadataFormats.InvokeAI,
                AppVersion = Json.String(root, "app_version"),
                Settings = new RenderSettings
                {
                    Prompt = prompt,
                    NegativePrompt = Json.String(root, "negative_prompt") ?? string.Empty,
                    // compel's language, which InvokeAI 3 reads its prompts in, is this module's InvokeAI syntax.
                    PromptSyntax = PromptSyntax.InvokeAI,
                    Seed = Json.UInt64(root, "seed"),
                    Steps = Json.Int32(root, "steps"),
                    CfgScale = Json.Double(root, "cfg_scale"),
                    Strength = mode?.EndsWith("txt2img", StringComparison.Ordinal) == true ? null : Json.Double(root, "strength"),
                    Sampler = sampler,
                    Karras = karras,
                    NoiseSource = Json.String(root, "rand_device")?.ToLowerInvariant() switch
                    {
                        "cpu" => NoiseSource.Cpu,
                        "cuda" => NoiseSource.Cuda,
                        _ => null,
                    },
                    Width = Json.Int32(root, "width"),
                    Height = Json.Int32(root, "height"),
                },
                // 3.x names a model {model_name, base_model}, 4.x {key, hash, name, base}.
                ModelName = model is { } named ? Json.String(named, "model_name") ?? Json.String(named, "name") : null,
                InitImagePath = Json.String(root, "init_image"),
                NotApplied = NotApplied(root),
                SourceText = EmbeddedData.WithoutData(text),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What the record used that a re-render here leaves out, in words.</summary>
    private static IReadOnlyList<string> NotApplied(JsonElement root)
    {
        var missing = new List<string>();
        if (Json.Int32(root, "clip_skip") is int skip and > 0) missing.Add($"clip skip {skip}");
        foreach (var (field, what) in new[] { ("loras", "LoRA"), ("controlnets", "ControlNet"), ("ipAdapters", "IP-Adapter"), ("t2iAdapters", "T2I-Adapter") })
            if (Json.Property(root, field) is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0)
                missing.Add($"{list.GetArrayLength()} {what}(s)");
        if (Json.Boolean(root, "hrf_enabled") == true) missing.Add("the high-resolution fix");
        if (Json.Property(root, "refiner_model") is { ValueKind: JsonValueKind.Object }) missing.Add("the SDXL refiner");
        if (Json.Double(root, "cfg_rescale_multiplier") is double rescale and > 0) missing.Add($"CFG rescale {MetadataNumbers.Format(rescale)}");
        return missing;
    }
}

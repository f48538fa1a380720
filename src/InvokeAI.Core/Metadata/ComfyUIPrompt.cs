using System.Globalization;
using System.Text.Json;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// ComfyUI's "prompt" PNG text: the graph it ran in API form, nodes keyed by id, each with a class_type and
/// inputs, where an input is a value or a link [node id, output index]. The parameters are read from the first
/// sampler node (KSampler or KSamplerAdvanced, by id) and the nodes its inputs link to: the prompts from its
/// positive and negative conditioning (CLIPTextEncode's text), the model from the checkpoint loader its model input
/// leads to, the size from an EmptyLatentImage as its latent.
/// </summary>
public static class ComfyUIPrompt
{
    public const string Keyword = "prompt";
    private static readonly string[] SamplerTypes = ["KSampler", "KSamplerAdvanced"];
    // How many links to follow looking for a value (through LoRA loaders, reroutes, primitive nodes).
    private const int MaxLinks = 16;

    /// <summary>The parameters of a ComfyUI graph; null when the text is not one or it has no sampler.</summary>
    public static ImageMetadata? Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var graph = document.RootElement;
            if (graph.ValueKind != JsonValueKind.Object) return null;
            var sampler = graph.EnumerateObject()
                .Where(node => SamplerTypes.Contains(Json.String(node.Value, "class_type")))
                .OrderBy(node => long.TryParse(node.Name, NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : long.MaxValue)
                .ThenBy(node => node.Name, StringComparer.Ordinal)
                .Select(node => (JsonElement?)node.Value).FirstOrDefault();
            if (sampler is not { } ksampler || Json.Property(ksampler, "inputs") is not { ValueKind: JsonValueKind.Object } inputs) return null;

            var reader = new GraphReader(graph);
            var (samplerName, karras) = ForeignSamplerNames.FromComfyUI(reader.Text(inputs, "sampler_name"), reader.Text(inputs, "scheduler"));
            var latent = reader.LinkedInputs(inputs, "latent_image");
            return new ImageMetadata
            {
                Format = MetadataFormats.ComfyUI,
                Settings = new RenderSettings
                {
                    Prompt = reader.PromptText(inputs, "positive"),
                    NegativePrompt = reader.PromptText(inputs, "negative"),
                    PromptSyntax = PromptSyntax.ComfyUI,
                    Seed = MetadataNumbers.ParseSeed(reader.Text(inputs, "seed") ?? reader.Text(inputs, "noise_seed")),
                    Steps = MetadataNumbers.ParseInt(reader.Text(inputs, "steps")),
                    CfgScale = MetadataNumbers.ParseDouble(reader.Text(inputs, "cfg")),
                    Strength = MetadataNumbers.ParseDouble(reader.Text(inputs, "denoise")),
                    Sampler = samplerName,
                    Karras = karras,
                    Width = latent is { } l ? MetadataNumbers.ParseInt(reader.Text(l, "width")) : null,
                    Height = latent is { } h ? MetadataNumbers.ParseInt(reader.Text(h, "height")) : null,
                    Variations = [],
                    // ComfyUI always draws its noise with PyTorch's CPU generator.
                    NoiseSource = NoiseSource.Cpu,
                },
                ModelName = reader.ModelName(inputs),
                SourceText = text,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Follows links through one graph.</summary>
    private sealed class GraphReader(JsonElement graph)
    {
        /// <summary>The inputs of the node an input links to; null when the input is not a link or the node is missing.</summary>
        public JsonElement? LinkedInputs(JsonElement inputs, string name)
        {
            if (Json.Property(inputs, name) is not { ValueKind: JsonValueKind.Array } link || link.GetArrayLength() == 0) return null;
            string id = link[0].ValueKind == JsonValueKind.String ? link[0].GetString()! : link[0].GetRawText();
            return Json.Property(graph, id) is { } node && Json.Property(node, "inputs") is { ValueKind: JsonValueKind.Object } linked ? linked : null;
        }

        /// <summary>
        /// An input's value as text (numbers as written). A value converted to an input links to a node that holds it
        /// (a primitive): that node's input of the same name, or its only text or number.
        /// </summary>
        public string? Text(JsonElement inputs, string name)
        {
            for (int hop = 0; hop < MaxLinks; hop++)
            {
                switch (Json.Property(inputs, name))
                {
                    case { ValueKind: JsonValueKind.String } text: return text.GetString();
                    case { ValueKind: JsonValueKind.Number } number: return number.GetRawText();
                    case { ValueKind: JsonValueKind.Array }:
                        if (LinkedInputs(inputs, name) is not { } next) return null;
                        if (!next.TryGetProperty(name, out _))
                        {
                            var scalars = next.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number).ToList();
                            if (scalars.Count != 1) return null;
                            name = scalars[0].Name;
                        }
                        inputs = next;
                        break;
                    default: return null;
                }
            }
            return null;
        }

        /// <summary>The text of the conditioning an input links to, through nodes that pass conditioning on.</summary>
        public string? PromptText(JsonElement inputs, string name)
        {
            var node = LinkedInputs(inputs, name);
            for (int hop = 0; hop < MaxLinks && node is { } current; hop++)
            {
                if (Text(current, "text") is string text) return text;
                node = LinkedInputs(current, "conditioning") ?? LinkedInputs(current, "conditioning_1");
            }
            return null;
        }

        /// <summary>The checkpoint the sampler's model comes from, through LoRA loaders and other model patches.</summary>
        public string? ModelName(JsonElement inputs)
        {
            var node = LinkedInputs(inputs, "model");
            for (int hop = 0; hop < MaxLinks && node is { } current; hop++)
            {
                if ((Text(current, "ckpt_name") ?? Text(current, "unet_name")) is string name) return name;
                node = LinkedInputs(current, "model");
            }
            return null;
        }
    }
}

using System.Text.Json;

namespace InvokeAI.Core.Models;

/// <summary>
/// What a folder's model_index.json says that renders use: the pipeline class (diffusers' convert script writes
/// OnnxStableDiffusionPipeline for every model; optimum names the family, ORTStableDiffusionXLPipeline) and SDXL's
/// <c>force_zeros_for_empty_prompt</c>. A damaged or missing index tells nothing rather than failing the load.
/// </summary>
public sealed record ModelIndex(string? PipelineClass, bool ForceZerosForEmptyPrompt)
{
    public static ModelIndex Read(string path)
    {
        try
        {
            using var index = JsonDocument.Parse(File.ReadAllText(path));
            var root = index.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new(null, false);
            string? className = root.TryGetProperty("_class_name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
            bool zeros = root.TryGetProperty("force_zeros_for_empty_prompt", out var flag) && flag.ValueKind == JsonValueKind.True;
            return new(className, zeros);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return new(null, false);
        }
    }
}

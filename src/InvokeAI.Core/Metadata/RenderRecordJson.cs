using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InvokeAI.Core.Metadata;

/// <summary>The JSON form of a <see cref="RenderRecord"/>: camelCase names, null values left out.</summary>
public static class RenderRecordJson
{
    /// <summary>The PNG text chunk keyword the record is saved under.</summary>
    public const string Keyword = "invokeai-powershell";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Prompts stay readable in the file (é, not \u00E9); the text is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(RenderRecord record) => JsonSerializer.Serialize(record, Options);

    /// <summary>The record in <paramref name="json"/>; null when it is not JSON or not this module's record.</summary>
    public static RenderRecord? TryParse(string json)
    {
        try
        {
            // The marker must be in the text itself: Format's default would otherwise claim any JSON object as ours.
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("format", out var format)
                || format.ValueKind != JsonValueKind.String
                || format.GetString() != MetadataFormats.InvokeAIPowerShell)
                return null;
            return document.RootElement.Deserialize<RenderRecord>(Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

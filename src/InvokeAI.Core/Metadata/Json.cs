using System.Text.Json;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// Lenient reads of other tools' JSON: a value that is missing or of another type is null rather than an error,
/// and numbers written as strings ("7.5") are read too, since tools are not consistent about it.
/// </summary>
internal static class Json
{
    public static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    public static string? String(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static bool? Boolean(JsonElement element, string name) =>
        Property(element, name)?.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null };

    public static double? Double(JsonElement element, string name) => Double(Property(element, name));
    public static double? Double(JsonElement element, int index) => Double(Item(element, index));

    public static int? Int32(JsonElement element, string name) => MetadataNumbers.ParseInt(Raw(Property(element, name)));

    public static ulong? UInt64(JsonElement element, string name) => MetadataNumbers.ParseSeed(Raw(Property(element, name)));
    public static ulong? UInt64(JsonElement element, int index) => MetadataNumbers.ParseSeed(Raw(Item(element, index)));

    private static double? Double(JsonElement? value) => MetadataNumbers.ParseDouble(Raw(value));

    private static JsonElement? Item(JsonElement element, int index) =>
        element.ValueKind == JsonValueKind.Array && element.GetArrayLength() > index ? element[index] : null;

    /// <summary>A number's text as written, or a string's value; null for anything else.</summary>
    private static string? Raw(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.Number => value.Value.GetRawText(),
        JsonValueKind.String => value.Value.GetString(),
        _ => null,
    };
}

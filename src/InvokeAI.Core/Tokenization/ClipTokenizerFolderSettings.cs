using System.Text.Json;

namespace InvokeAI.Core.Tokenization;

/// <summary>
/// The optional settings a Hugging Face tokenizer folder carries next to its vocabulary:
/// the pad token and the model's maximum sequence length. Null means "not stated; use the default".
/// </summary>
internal sealed record ClipTokenizerFolderSettings(string? PadToken, int? ModelMaxLength)
{
    public const string SpecialTokensMapFileName = "special_tokens_map.json";
    public const string TokenizerConfigFileName = "tokenizer_config.json";

    // Hugging Face writes int(1e30) when a tokenizer has no limit; anything outside this range cannot be
    // a CLIP text encoder's context length, so it is treated as unstated.
    private const int SmallestUsableLength = 2;
    private const int LargestUsableLength = 4096;

    public static ClipTokenizerFolderSettings Read(string tokenizerFolder)
    {
        var config = ReadJsonObject(Path.Combine(tokenizerFolder, TokenizerConfigFileName));
        var specialTokens = ReadJsonObject(Path.Combine(tokenizerFolder, SpecialTokensMapFileName));

        // special_tokens_map.json wins over tokenizer_config.json, as it does when Hugging Face loads the folder.
        var padToken = ReadTokenText(specialTokens, "pad_token") ?? ReadTokenText(config, "pad_token");
        var maxLength = ReadUsableLength(config, "model_max_length") ?? ReadUsableLength(specialTokens, "model_max_length");
        return new ClipTokenizerFolderSettings(padToken, maxLength);
    }

    private static JsonElement? ReadJsonObject(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON: {exception.Message}", exception);
        }
    }

    // A special token is written either as its text ("!") or as an AddedToken object ({"content": "!", ...}).
    private static string? ReadTokenText(JsonElement? settings, string propertyName)
    {
        if (settings is not { } root || !root.TryGetProperty(propertyName, out var token))
        {
            return null;
        }

        return token.ValueKind switch
        {
            JsonValueKind.String => token.GetString(),
            JsonValueKind.Object when token.TryGetProperty("content", out var content)
                && content.ValueKind == JsonValueKind.String => content.GetString(),
            _ => null,
        };
    }

    private static int? ReadUsableLength(JsonElement? settings, string propertyName)
    {
        if (settings is not { } root
            || !root.TryGetProperty(propertyName, out var value)
            || value.ValueKind != JsonValueKind.Number
            || !value.TryGetInt32(out var length))
        {
            return null;
        }

        return length is >= SmallestUsableLength and <= LargestUsableLength ? length : null;
    }
}

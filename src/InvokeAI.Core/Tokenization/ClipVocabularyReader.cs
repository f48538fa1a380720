using System.Text.Json;

namespace InvokeAI.Core.Tokenization;

/// <summary>Reads vocab.json: one JSON object mapping each token's text to its id.</summary>
internal static class ClipVocabularyReader
{
    // CLIP's vocabulary size; only a capacity hint.
    private const int ExpectedEntryCount = 49_408;

    public static Dictionary<string, int> Read(Stream vocabJson)
    {
        ArgumentNullException.ThrowIfNull(vocabJson);

        // A forward-only reader over the whole file: no reflection and no document tree, because this
        // runs every time a model is loaded and the file has tens of thousands of entries.
        var json = ReadAllBytes(vocabJson);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var idOfToken = new Dictionary<string, int>(ExpectedEntryCount, StringComparer.Ordinal);
        try
        {
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "must be a JSON object mapping token text to id");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var token = reader.GetString()!;
                idOfToken[token] = ReadId(ref reader, token);
            }

            Expect(reader.TokenType == JsonTokenType.EndObject, "must hold only \"token\": id entries");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"vocab.json is not valid JSON: {exception.Message}", exception);
        }

        return idOfToken;
    }

    private static int ReadId(ref Utf8JsonReader reader, string token)
    {
        if (reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var id) && id >= 0)
        {
            return id;
        }

        throw new InvalidDataException($"vocab.json entry \"{token}\" must have a non-negative integer id.");
    }

    private static ReadOnlySpan<byte> ReadAllBytes(Stream stream)
    {
        var buffer = stream.CanSeek ? new MemoryStream(checked((int)(stream.Length - stream.Position))) : new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = new ReadOnlySpan<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);

        // Utf8JsonReader rejects a byte-order mark, which Windows editors like to add.
        return bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidDataException($"vocab.json {problem}.");
        }
    }
}

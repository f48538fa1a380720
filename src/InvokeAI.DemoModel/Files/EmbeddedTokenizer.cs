using System.Text.Json;

namespace InvokeAI.DemoModel.Files;

/// <summary>
/// The CLIP tokenizer tables compiled into this assembly, so the demo folder can be built where the repository's
/// assets are not (an installed module). They are the same files a real SD 1.x folder carries under tokenizer/.
/// </summary>
internal static class EmbeddedTokenizer
{
    public const string VocabularyResource = "clip-tokenizer/vocab.json";
    public const string MergesResource = "clip-tokenizer/merges.txt";

    /// <summary>The CLIP ViT-L/14 vocabulary size: the text encoder's embedding table needs a row per id.</summary>
    public const int VocabularySize = 49408;

    public static void CopyTo(string resourceName, string path)
    {
        using var source = Open(resourceName);
        using var target = File.Create(path);
        source.CopyTo(target);
    }

    /// <summary>The vocabulary as token → id, read from the embedded vocab.json.</summary>
    public static IReadOnlyDictionary<string, int> ReadVocabulary()
    {
        using var stream = Open(VocabularyResource);
        return JsonSerializer.Deserialize<Dictionary<string, int>>(stream)
            ?? throw new InvalidDataException($"The embedded {VocabularyResource} holds no JSON object.");
    }

    private static Stream Open(string resourceName) =>
        typeof(EmbeddedTokenizer).Assembly.GetManifestResourceStream(resourceName)
        ?? throw new InvalidOperationException(
            $"The resource '{resourceName}' is missing from {typeof(EmbeddedTokenizer).Assembly.GetName().Name}; " +
            "the project must embed assets/clip-tokenizer with that logical name.");
}

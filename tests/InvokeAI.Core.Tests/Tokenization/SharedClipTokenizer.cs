using InvokeAI.Core.Tokenization;

namespace InvokeAI.Core.Tests.Tokenization;

/// <summary>The repository's CLIP tokenizer, loaded once for all tests (it is immutable and thread-safe).</summary>
internal static class SharedClipTokenizer
{
    private static readonly Lazy<ClipTokenizer> Loaded = new(() => ClipTokenizer.FromFolder(RepoPaths.ClipTokenizerFolder));

    public static ClipTokenizer Instance => Loaded.Value;
}

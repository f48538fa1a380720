namespace InvokeAI.Core.Tokenization;

/// <summary>
/// A prompt turned into CLIP token ids.
/// </summary>
/// <param name="Tokens">BOS, the word pieces, EOS; no padding. At most <see cref="ClipTokenizer.MaxLength"/> ids.</param>
/// <param name="InputIds">
/// Exactly <see cref="ClipTokenizer.MaxLength"/> ids: <paramref name="Tokens"/> followed by the pad id.
/// This is what the text encoder takes.
/// </param>
/// <param name="Truncated">True when the prompt had more word pieces than fit and some were cut.</param>
/// <param name="DroppedTokenCount">How many word pieces were cut from the end of the prompt.</param>
public sealed record TokenizedPrompt(
    IReadOnlyList<int> Tokens,
    int[] InputIds,
    bool Truncated,
    int DroppedTokenCount);

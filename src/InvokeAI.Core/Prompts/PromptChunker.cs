using InvokeAI.Core.Tokenization;

namespace InvokeAI.Core.Prompts;

/// <summary>A word piece of a chunk: its id, its attention weight, and the index of the span it came from.</summary>
public readonly record struct WeightedPiece(int Id, double Weight, int Span, bool EndsWord);

/// <summary>
/// Up to <see cref="ClipTokenizer.MaxLength"/> − 2 word pieces (75 for CLIP): what one run of the text encoder sees
/// between its start and end tokens. A long prompt's chunks are encoded apart and their hidden states laid end to end.
/// </summary>
public sealed record PromptChunk(IReadOnlyList<WeightedPiece> Pieces)
{
    /// <summary>The ids the text encoder takes: BOS, the pieces, EOS, padding.</summary>
    public int[] InputIds(ClipTokenizer tokenizer) => tokenizer.Frame(Pieces.Select(p => p.Id).ToList());

    /// <summary>Each input id's weight: the pieces' own, 1 for the start, end and padding tokens.</summary>
    public float[] Weights(int length)
    {
        var weights = new float[length];
        Array.Fill(weights, 1f);
        for (int i = 0; i < Pieces.Count; i++) weights[i + 1] = (float)Pieces[i].Weight;
        return weights;
    }

    /// <summary>This chunk without the pieces of one span: the prompt "without this fragment" that a weight below 1 leans toward.</summary>
    public PromptChunk Without(int span) => new(Pieces.Where(p => p.Span != span).ToList());

    public bool HasWeights => Pieces.Any(p => p.Weight != 1);
}

/// <summary>
/// Splits a sub-prompt's spans into chunks: each span tokenized on its own, a chunk closed at BREAK or when full, and
/// a full chunk cut after its last whole word so no word is split across two (unless one word fills a chunk).
/// </summary>
public static class PromptChunker
{
    public static IReadOnlyList<PromptChunk> Split(ClipTokenizer tokenizer, IReadOnlyList<PromptSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        int room = tokenizer.MaxLength - 2;
        var chunks = new List<PromptChunk>();
        var current = new List<WeightedPiece>();
        for (int s = 0; s < spans.Count; s++)
        {
            var span = spans[s];
            if (span.IsBreak)
            {
                chunks.Add(new PromptChunk(current));
                current = [];
                continue;
            }
            foreach (int id in tokenizer.EncodeWithoutSpecialTokens(span.Text))
            {
                if (current.Count == room)
                {
                    int lastWordEnd = current.FindLastIndex(p => p.EndsWord);
                    int cut = lastWordEnd < 0 ? room : lastWordEnd + 1;
                    chunks.Add(new PromptChunk(current[..cut]));
                    current = current[cut..];
                }
                current.Add(new WeightedPiece(id, span.Weight, s, tokenizer.TokenText(id).EndsWith("</w>", StringComparison.Ordinal)));
            }
        }
        if (current.Count > 0 || chunks.Count == 0) chunks.Add(new PromptChunk(current));
        return chunks;
    }
}

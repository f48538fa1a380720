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
/// Splits a sub-prompt's spans into chunks: each span tokenized on its own, a chunk closed at BREAK or when full. Where a
/// full chunk is cut follows the tool whose syntax the prompt is in, so a long prompt from its records chunks as it
/// did: A1111 moves the words after the chunk's last comma, when it is among the last 20 pieces, into the next chunk
/// (its comma_padding_backtrack), else cuts at 75; ComfyUI moves a whole weighted segment that does not fit (one of 8
/// pieces or more is cut instead); InvokeAI's cut comes after the chunk's last whole word (InvokeAI 2.x read one chunk,
/// so the module chooses), and a word longer than a chunk is cut where the chunk is full. Cutting exactly at 75 is what
/// compel and InvokeAI 2.x's truncation do, for reproducing them.
/// </summary>
public static class PromptChunker
{
    /// <summary>A1111's comma_padding_backtrack default: how far back a comma may move the cut.</summary>
    private const int CommaBacktrack = 20;

    /// <summary>ComfyUI's max_word_length: a weighted segment of this many pieces or more is cut rather than moved whole.</summary>
    private const int LargeWord = 8;

    /// <param name="exactly">Cut every full chunk at 75 pieces, whatever the syntax.</param>
    public static IReadOnlyList<PromptChunk> Split(ClipTokenizer tokenizer, IReadOnlyList<PromptSpan> spans, PromptSyntax syntax = PromptSyntax.InvokeAI,
        bool exactly = false)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        int room = tokenizer.MaxLength - 2;
        int comma = tokenizer.TryGetId(",</w>", out int id) ? id : -1;
        var chunks = new List<PromptChunk>();
        var current = new List<WeightedPiece>();
        int lastComma = -1;
        void Close(int keep)
        {
            chunks.Add(new PromptChunk(current[..keep]));
            current = current[keep..];
            lastComma = -1;
        }

        for (int s = 0; s < spans.Count; s++)
        {
            var span = spans[s];
            if (span.IsBreak)
            {
                Close(current.Count);
                continue;
            }
            var pieces = tokenizer.EncodeWithoutSpecialTokens(span.Text)
                .Select(piece => new WeightedPiece(piece, span.Weight, s, tokenizer.TokenText(piece).EndsWith("</w>", StringComparison.Ordinal)))
                .ToList();
            if (syntax == PromptSyntax.ComfyUI && !exactly)
            {
                // ComfyUI: a segment that does not fit starts the next chunk, unless it is large: then it fills this one.
                var rest = pieces;
                while (current.Count + rest.Count > room)
                {
                    if (rest.Count >= LargeWord)
                    {
                        int fits = room - current.Count;
                        current.AddRange(rest.Take(fits));
                        rest = rest.Skip(fits).ToList();
                    }
                    Close(current.Count);
                }
                current.AddRange(rest);
                continue;
            }
            foreach (var piece in pieces)
            {
                if (exactly)
                {
                    if (current.Count == room) Close(room);
                }
                else if (syntax == PromptSyntax.A1111)
                {
                    if (piece.Id == comma) lastComma = current.Count;
                    else if (current.Count == room && lastComma >= 0 && current.Count - lastComma <= CommaBacktrack) Close(lastComma + 1);
                    if (current.Count == room) Close(room);
                }
                else if (current.Count == room)
                {
                    int lastWordEnd = current.FindLastIndex(p => p.EndsWord);
                    Close(lastWordEnd < 0 ? room : lastWordEnd + 1);
                }
                current.Add(piece);
            }
        }
        if (current.Count > 0 || chunks.Count == 0) chunks.Add(new PromptChunk(current));
        return chunks;
    }
}

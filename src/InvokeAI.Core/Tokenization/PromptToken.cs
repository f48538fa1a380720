using System.Globalization;
using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Tokenization;

/// <summary>
/// One token the text encoder receives: its position in its chunk, its vocabulary id, its text as a person reads it
/// ("×", not the vocabulary's byte spelling "ÃĹ"), whether it is the last piece of a word ("hatbox" is "hat" + "box",
/// and only "box" ends the word), and the vocabulary entry itself ("box&lt;/w&gt;"); and where the prompt's syntax put
/// it: its attention weight, which prompt and which sub-prompt of a blend it belongs to, and its chunk.
/// </summary>
public sealed record PromptToken(int Index, int Id, string Text, bool EndsWord, string Vocabulary)
{
    /// <summary>The attention weight the syntax gave it (1 for plain words and the start, end and padding tokens).</summary>
    public double Weight { get; init; } = 1;

    /// <summary>Which chunk of 75 word pieces it is in (0 first): each chunk starts with its own start token at Index 0.</summary>
    public int Chunk { get; init; }

    /// <summary>The prompt or the negative prompt (InvokeAI's [bracketed] words are the negative's).</summary>
    public PromptRole Role { get; init; }

    /// <summary>Which sub-prompt of a blend it belongs to (0 first); 0 when the prompt does not blend.</summary>
    public int SubPrompt { get; init; }

    /// <summary>That sub-prompt's weight in the blend (1 when the prompt does not blend).</summary>
    public double SubPromptWeight { get; init; } = 1;

    /// <summary>"Prompt", "Negative", or for a blend "Prompt 2 ×0.3": where the token goes, in one column.</summary>
    public string Part { get; init; } = nameof(PromptRole.Prompt);

    /// <summary>The prompt's tokens, start and end of text included, padding left out.</summary>
    public static IReadOnlyList<PromptToken> From(ClipTokenizer tokenizer, TokenizedPrompt prompt) =>
        prompt.Tokens.Select((id, index) => Of(tokenizer, id, index)).ToList();

    /// <summary>
    /// The tokens of every chunk of a parsed prompt, the prompt's then the negative's (when it has words), each chunk
    /// with its start and end token, padding left out; cut as a render cuts them for a UNet of <paramref name="fixedLength"/>.
    /// </summary>
    /// <param name="cuts">What a render would warn of each prompt cut to the fixed length.</param>
    /// <exception cref="Pipelines.RenderSettingException">A BREAK needs more chunks than the fixed length holds, which a render refuses.</exception>
    public static IReadOnlyList<PromptToken> From(ClipTokenizer tokenizer, ParsedPrompt parsed, Models.FixedPromptLength? fixedLength, out IReadOnlyList<string> cuts)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(parsed);
        var tokens = new List<PromptToken>();
        var warnings = new List<string>();
        cuts = warnings;
        foreach (var role in new[] { PromptRole.Prompt, PromptRole.Negative })
        {
            var parts = parsed.Of(role);
            if (role == PromptRole.Negative && !parsed.HasNegative) continue;
            for (int p = 0; p < parts.Count; p++)
            {
                string part = parts.Count == 1 ? role.ToString()
                    : string.Create(CultureInfo.InvariantCulture, $"{role} {p + 1} ×{parts[p].Weight:0.###}");
                var chunks = PromptChunker.Split(tokenizer, parts[p].Spans, parsed.Syntax);
                if (fixedLength is not null && chunks.Count > fixedLength.Chunks)
                {
                    string what = role == PromptRole.Negative ? "negative prompt" : "prompt";
                    if (parts[p].Spans.Any(span => span.IsBreak))
                        throw fixedLength.BreakError(role == PromptRole.Negative ? "NegativePrompt" : "Prompt", what);
                    warnings.Add(fixedLength.CutWarning(what, chunks.Skip(fixedLength.Chunks).Sum(c => c.Pieces.Count)));
                    chunks = chunks.Take(fixedLength.Chunks).ToList();
                }
                for (int c = 0; c < chunks.Count; c++)
                {
                    var pieces = chunks[c].Pieces;
                    var ids = new List<(int Id, double Weight)> { (tokenizer.BosId, 1) };
                    ids.AddRange(pieces.Select(piece => (piece.Id, piece.Weight)));
                    ids.Add((tokenizer.EosId, 1));
                    tokens.AddRange(ids.Select((t, index) => Of(tokenizer, t.Id, index) with
                    {
                        Weight = t.Weight, Chunk = c, Role = role, SubPrompt = p, SubPromptWeight = parts[p].Weight, Part = part,
                    }));
                }
            }
        }
        return tokens;
    }

    private static PromptToken Of(ClipTokenizer tokenizer, int id, int index)
    {
        string vocabulary = tokenizer.TokenText(id);
        var (text, endsWord) = TokenTextDecoder.Decode(vocabulary);
        return new PromptToken(index, id, text, endsWord, vocabulary);
    }
}

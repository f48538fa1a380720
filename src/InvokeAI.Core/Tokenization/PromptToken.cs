namespace InvokeAI.Core.Tokenization;

/// <summary>
/// One token the text encoder receives: its position, its vocabulary id, its text as a person reads it ("×", not the
/// vocabulary's byte spelling "ÃĹ"), whether it is the last piece of a word ("hatbox" is "hat" + "box", and only
/// "box" ends the word), and the vocabulary entry itself ("box&lt;/w&gt;").
/// </summary>
public sealed record PromptToken(int Index, int Id, string Text, bool EndsWord, string Vocabulary)
{
    /// <summary>The prompt's tokens, start and end of text included, padding left out.</summary>
    public static IReadOnlyList<PromptToken> From(ClipTokenizer tokenizer, TokenizedPrompt prompt) =>
        prompt.Tokens.Select((id, index) =>
        {
            string vocabulary = tokenizer.TokenText(id);
            var (text, endsWord) = TokenTextDecoder.Decode(vocabulary);
            return new PromptToken(index, id, text, endsWord, vocabulary);
        }).ToList();
}

namespace InvokeAI.Core.Tokenization;

/// <summary>
/// One token the text encoder receives: its position, its vocabulary id and its vocabulary text (word-final pieces
/// end in &lt;/w&gt;, so "hatbox" showing as "hat" + "box&lt;/w&gt;" explains itself).
/// </summary>
public sealed record PromptToken(int Index, int Id, string Text)
{
    /// <summary>The prompt's tokens, start and end of text included, padding left out.</summary>
    public static IReadOnlyList<PromptToken> From(ClipTokenizer tokenizer, TokenizedPrompt prompt) =>
        prompt.Tokens.Select((id, index) => new PromptToken(index, id, tokenizer.TokenText(id))).ToList();
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace InvokeAI.Core.Prompts;

/// <summary>
/// A run of prompt text with one attention weight (1 is plain text), or a BREAK that ends a chunk. Each span is
/// tokenized on its own, as A1111, compel and ComfyUI do.
/// </summary>
/// <param name="Column">1-based position in the text it came from, where its first character was written.</param>
public sealed partial record PromptSpan(string Text, double Weight, int Column)
{
    /// <summary>A1111's BREAK: the chunk ends here, padded, and the next span starts a new one.</summary>
    public bool IsBreak { get; init; }

    public static PromptSpan Break(int column) => new("BREAK", 1, column) { IsBreak = true };

    /// <summary>This span split at each BREAK word, which takes the spaces around it (as A1111 splits its text).</summary>
    internal IEnumerable<PromptSpan> SplitAtBreaks()
    {
        int at = 0;
        foreach (Match found in BreakWord().Matches(Text))
        {
            if (found.Index > at) yield return this with { Text = Text[at..found.Index], Column = Column + at };
            yield return Break(Column + found.Index + found.Value.IndexOf('B'));
            at = found.Index + found.Length;
        }
        if (at == 0) yield return this;
        else if (at < Text.Length) yield return this with { Text = Text[at..], Column = Column + at };
    }

    [GeneratedRegex(@"\s*\bBREAK\b\s*")]
    private static partial Regex BreakWord();
}

/// <summary>
/// One prompt of a blend, its spans and its weight in the blend (normalised unless the blend said otherwise). A prompt
/// that does not blend is a single sub-prompt of weight 1.
/// </summary>
public sealed record SubPrompt(IReadOnlyList<PromptSpan> Spans, double Weight)
{
    /// <summary>The sub-prompt's words with their weights: "a (castle)1.1", for -Verbose and Get-PromptToken.</summary>
    public string Describe() => string.Concat(Spans.Select(span => span.IsBreak ? " BREAK "
        : span.Weight == 1 ? span.Text
        : $"({span.Text.Trim()}:{span.Weight.ToString("0.###", CultureInfo.InvariantCulture)})"));
}

/// <summary>
/// What a render's prompt and negative prompt say under one syntax: the sub-prompts of each (one unless it blends),
/// their spans and weights, and anything the reader had to decide that the user should hear of.
/// </summary>
public sealed record ParsedPrompt(PromptSyntax Syntax, IReadOnlyList<SubPrompt> Prompt, IReadOnlyList<SubPrompt> Negative, IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// Reads <paramref name="prompt"/> and <paramref name="negativePrompt"/> in <paramref name="syntax"/>. Under InvokeAI's
    /// syntax the prompt's [bracketed] words join the negative prompt (before it, as InvokeAI 2.x's records write them).
    /// </summary>
    /// <exception cref="PromptSyntaxException">A bracket is unbalanced or a weight or blend is malformed; names the column.</exception>
    public static ParsedPrompt Parse(string prompt, string? negativePrompt, PromptSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        negativePrompt ??= "";
        return syntax switch
        {
            PromptSyntax.InvokeAI => InvokeAIPromptParser.Parse(prompt, negativePrompt),
            PromptSyntax.A1111 => new ParsedPrompt(syntax,
                [new SubPrompt(A1111PromptParser.Parse(prompt, PromptRole.Prompt), 1)],
                [new SubPrompt(A1111PromptParser.Parse(negativePrompt, PromptRole.Negative), 1)],
                A1111PromptParser.Warnings(prompt)),
            PromptSyntax.ComfyUI => new ParsedPrompt(syntax,
                [new SubPrompt(ComfyUIPromptParser.Parse(prompt, PromptRole.Prompt), 1)],
                [new SubPrompt(ComfyUIPromptParser.Parse(negativePrompt, PromptRole.Negative), 1)], []),
            _ => throw new ArgumentOutOfRangeException(nameof(syntax), syntax, "Unknown prompt syntax."),
        };
    }

    public IReadOnlyList<SubPrompt> Of(PromptRole role) => role == PromptRole.Negative ? Negative : Prompt;

    /// <summary>Whether there is a negative prompt at all (given, or InvokeAI's [words]): only blanks are none.</summary>
    public bool HasNegative => Negative.Any(part => part.Spans.Any(span => span.IsBreak || !string.IsNullOrWhiteSpace(span.Text)));

    /// <summary>One line for -Verbose: how each prompt was read.</summary>
    public string Describe()
    {
        var text = new StringBuilder($"Prompt ({Syntax} syntax): ");
        Append(text, Prompt);
        if (HasNegative)
        {
            text.Append("; negative: ");
            Append(text, Negative);
        }
        return text.ToString();
    }

    private static void Append(StringBuilder text, IReadOnlyList<SubPrompt> parts)
    {
        if (parts.Count == 1)
        {
            text.Append('"').Append(Shortened(parts[0].Describe().Trim())).Append('"');
            return;
        }
        text.Append($"a blend of {parts.Count}: ");
        text.AppendJoin(" + ", parts.Select(part =>
            $"{part.Weight.ToString("0.###", CultureInfo.InvariantCulture)} × \"{Shortened(part.Describe().Trim())}\""));
    }

    /// <summary>A long prompt's start and end, so one verbose line stays readable.</summary>
    private static string Shortened(string text) =>
        text.Length <= 240 ? text : $"{text[..160]} … {text[^60..]}";
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace InvokeAI.Core.Prompts;

/// <summary>
/// AUTOMATIC1111's attention syntax, read as its parse_prompt_attention reads it: "(a)" ×1.1, "[a]" ÷1.1, "(a:1.3)"
/// ×1.3, nested brackets multiply, "\(" "\)" "\[" "\]" "\\" are the characters themselves (any other backslash is
/// dropped), BREAK (with the spaces around it) ends a chunk, and runs of equal weight merge. Where A1111 lets a
/// mistake through (a bracket never closed applies to the end; a stray closer or a malformed weight becomes text) this
/// reader stops with the column instead, as it does for prompt editing ("[a:b:0.5]") and alternation ("[a|b]"), which
/// change the prompt between steps and are not supported.
/// </summary>
internal static partial class A1111PromptParser
{
    private const double RoundMultiplier = 1.1, SquareMultiplier = 1 / 1.1;

    public static IReadOnlyList<PromptSpan> Parse(string text, PromptRole role)
    {
        var spans = new List<(StringBuilder Text, double Weight, int Column, bool IsBreak)>();
        var round = new Stack<(int Start, int Column)>();
        var square = new Stack<(int Start, int Column)>();
        // Which bracket is innermost: a ':' or '|' directly inside '[' is prompt editing or alternation.
        var open = new Stack<char>();
        PromptSyntaxException Error(int index, string problem) => new(role, text, index + 1, problem, PromptSyntax.A1111);
        void Multiply(int start, double factor)
        {
            for (int s = start; s < spans.Count; s++) spans[s] = spans[s] with { Weight = spans[s].Weight * factor };
        }
        void AddText(string run, int index)
        {
            foreach (var piece in new PromptSpan(run, 1, index + 1).SplitAtBreaks())
            {
                // A1111 multiplies BREAK's marker weight (-1) with the brackets' and then encodes the word itself.
                if (piece.IsBreak && open.Count > 0)
                    throw Error(piece.Column - 1, "BREAK inside brackets is no break in A1111 (it encodes the word BREAK with a negative weight); move it outside the brackets.");
                spans.Add((new StringBuilder(piece.Text), 1, piece.Column, piece.IsBreak));
            }
        }

        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\\')
            {
                // A1111 keeps the character after "\" only for its five escapes; a lone backslash is dropped. Its prompt-editing
                // grammar, read first, still takes "\:" and "\|" inside square brackets as text.
                bool editingText = i + 1 < text.Length && text[i + 1] is ':' or '|' && open.TryPeek(out char around) && around == '[';
                if (i + 1 < text.Length && (text[i + 1] is '(' or ')' or '[' or ']' or '\\' || editingText))
                {
                    spans.Add((new StringBuilder(text[i + 1].ToString()), 1, i + 1, false));
                    i += 2;
                }
                else i++;
                continue;
            }
            switch (c)
            {
                case '(':
                    round.Push((spans.Count, i));
                    open.Push('(');
                    i++;
                    continue;
                case '[':
                    square.Push((spans.Count, i));
                    open.Push('[');
                    i++;
                    continue;
                case ')':
                    if (round.Count == 0) throw Error(i, "')' closes no '('. Write \\) for the character itself.");
                    if (open.Peek() != '(') throw Error(i, $"')' closes the '[' at column {square.Peek().Column + 1}; close that with ']' first.");
                    Multiply(round.Pop().Start, RoundMultiplier);
                    open.Pop();
                    i++;
                    continue;
                case ']':
                    if (square.Count == 0) throw Error(i, "']' closes no '['. Write \\] for the character itself.");
                    if (open.Peek() != '[') throw Error(i, $"']' closes the '(' at column {round.Peek().Column + 1}; close that with ')' first.");
                    Multiply(square.Pop().Start, SquareMultiplier);
                    open.Pop();
                    i++;
                    continue;
                case '|' when open.TryPeek(out char inside) && inside == '[':
                    throw Error(i, "A1111's alternation [a|b] (a word per step, in turn) is not supported; write one of the words.");
                case ':' when open.TryPeek(out char inside) && inside == '[' && IsPromptEditing(text, i):
                    throw Error(i, "A1111's prompt editing [from:to:when] (a prompt changed during the steps) is not supported; write one prompt.");
                case ':':
                    var weight = WeightAndClose().Match(text, i);
                    if (weight.Success)
                    {
                        if (round.Count == 0) throw Error(i, $"the weight '{weight.Value}' closes no '('.");
                        if (open.Peek() != '(') throw Error(i, $"the weight '{weight.Value}' closes the '[' at column {square.Peek().Column + 1}; close that with ']' first.");
                        if (!double.TryParse(weight.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double factor))
                            throw Error(weight.Groups[1].Index, $"'{weight.Groups[1].Value}' is not a number.");
                        Multiply(round.Pop().Start, factor);
                        open.Pop();
                        i += weight.Length;
                        continue;
                    }
                    if (round.Count > 0 && EmptyWeight().IsMatch(text, i))
                        throw Error(i, "the ':' has no weight before ')'; a weight is a number, as in (word:1.3).");
                    // One word that starts like a number before ')' ("1,5", "1.3x", "+") is a weight mistyped, not text.
                    if (round.Count > 0 && MistypedWeight().Match(text, i) is { Success: true } mistyped)
                        throw Error(mistyped.Groups[1].Index, $"'{mistyped.Groups[1].Value}' is no weight A1111 reads (it would take the group as text); write a plain number, as in (word:1.3).");
                    AddText(":", i);
                    i++;
                    continue;
            }
            int end = i;
            while (end < text.Length && text[end] is not ('\\' or '(' or ')' or '[' or ']' or ':' or '|')) end++;
            if (end == i) end++; // a '|' outside square brackets is text
            AddText(text[i..end], i);
            i = end;
        }
        if (round.Count > 0) throw Error(round.Peek().Column, "this '(' is never closed. Close it, or write \\( for the character itself.");
        if (square.Count > 0) throw Error(square.Peek().Column, "this '[' is never closed. Close it, or write \\[ for the character itself.");

        // Neighbouring runs of one weight are one run, as A1111 returns them.
        var merged = new List<PromptSpan>();
        foreach (var (runText, weight, column, isBreak) in spans)
        {
            if (!isBreak && merged.Count > 0 && !merged[^1].IsBreak && merged[^1].Weight == weight)
                merged[^1] = merged[^1] with { Text = merged[^1].Text + runText };
            else
                merged.Add(isBreak ? PromptSpan.Break(column) : new PromptSpan(runText.ToString(), weight, column));
        }
        return merged;
    }

    /// <summary>
    /// Whether the '[' around the ':' at <paramref name="colon"/> is A1111's prompt editing: its text ends in ":number]"
    /// ([from:to:0.5], [to:10]). Otherwise ("[photo: landscape]") A1111 reads a de-emphasis with a colon in it.
    /// </summary>
    private static bool IsPromptEditing(string text, int colon)
    {
        int depth = 0, lastColon = colon;
        for (int j = colon; j < text.Length; j++)
        {
            char c = text[j];
            if (c == '\\') { j++; continue; }
            if (c is '(' or '[') depth++;
            else if (c == ')' || (c == ']' && depth > 0)) depth--;
            else if (c == ']') return EditingStep().IsMatch(text[(lastColon + 1)..j]);
            else if (c == ':' && depth == 0) lastColon = j;
        }
        return false;
    }

    /// <summary>What A1111 would do that this reader does not: AND (composable diffusion) is read as the word.</summary>
    public static IReadOnlyList<string> Warnings(string prompt) => AndWord().IsMatch(prompt)
        ? ["A1111 reads AND as composable diffusion (several prompts guided at once), which is not supported: here it is the word \"and\"."]
        : [];

    [GeneratedRegex(@"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")]
    private static partial Regex EditingStep();

    [GeneratedRegex(@"\bAND\b")]
    private static partial Regex AndWord();

    [GeneratedRegex(@"\G:\s*([+-]?[.\d]+)\s*\)")]
    private static partial Regex WeightAndClose();

    [GeneratedRegex(@"\G:\s*\)")]
    private static partial Regex EmptyWeight();

    [GeneratedRegex(@"\G:\s*([+\-.\d][^\s()\[\]:]*)\s*\)")]
    private static partial Regex MistypedWeight();

}

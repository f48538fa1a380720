using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace InvokeAI.Core.Prompts;

/// <summary>
/// InvokeAI's prompt language: 2.x's [negative words] and legacy blends ("a forest:0.7 a city:0.3", weights
/// normalised to sum 1, equal when they sum to 0), and 2.2+'s attention syntax as compel defines it: "word+" ×1.1,
/// "word-" ×0.9 (repeat for powers), "(words)1.3" or "(words)++" for a group, nesting multiplies, bare parentheses only
/// group, ("a", "b").blend(0.7, 0.3) normalised unless it ends with no_normalize, and "\" before any character makes
/// it plain text. BREAK ends a chunk, as in A1111. Unbalanced brackets and malformed weights stop with their column.
/// </summary>
internal static partial class InvokeAIPromptParser
{
    private const double Up = 1.1, Down = 0.9;

    public static ParsedPrompt Parse(string prompt, string negativePrompt)
    {
        var warnings = new List<string>();
        var (positive, inlineNegatives) = SplitNegatives(prompt);
        var promptParts = Body(new Source(prompt, PromptRole.Prompt), positive, 0, positive.Length, legacyBlends: true, warnings);

        // InvokeAI 2.x joins every [part] with spaces into one negative prompt; -NegativePrompt follows them.
        var segments = inlineNegatives.Select(n => (Source: new Source(prompt, PromptRole.Prompt), Text: prompt, n.Start, n.End)).ToList();
        if (negativePrompt.Length > 0) segments.Add((new Source(negativePrompt, PromptRole.Negative), negativePrompt, 0, negativePrompt.Length));
        IReadOnlyList<SubPrompt> negativeParts;
        if (segments.Count == 1)
        {
            var only = segments[0];
            negativeParts = Body(only.Source, only.Text, only.Start, only.End, legacyBlends: false, warnings);
        }
        else
        {
            var spans = new List<PromptSpan>();
            foreach (var (source, text, start, end) in segments)
            {
                int blend = BlendCall(text, start, end);
                if (blend >= 0)
                    throw source.Error(blend, "a .blend() must be the whole negative prompt; it cannot share it with other [negative] words.");
                if (spans.Count > 0) spans.Add(new PromptSpan(" ", 1, 0)); // InvokeAI 2.x joins the parts with spaces
                spans.AddRange(Attention(source, text, start, end));
            }
            negativeParts = [new SubPrompt(spans, 1)];
        }
        return new ParsedPrompt(PromptSyntax.InvokeAI, promptParts, negativeParts, warnings);
    }

    /// <summary>
    /// The prompt with each [negative part] blanked to spaces (so columns still count in the prompt as written), and
    /// where each part's inside starts and ends. "\[" and "\]" are brackets as text.
    /// </summary>
    internal static (string Positive, List<(int Start, int End)> Negatives) SplitNegatives(string prompt)
    {
        var positive = new StringBuilder(prompt);
        var negatives = new List<(int, int)>();
        int open = -1;
        for (int i = 0; i < prompt.Length; i++)
        {
            if (prompt[i] == '\\') { i++; continue; }
            if (prompt[i] == '[')
            {
                if (open >= 0)
                    throw new Source(prompt, PromptRole.Prompt).Error(i, "'[' inside a [negative prompt]: square brackets do not nest. Write \\[ for the character itself.");
                open = i;
            }
            else if (prompt[i] == ']')
            {
                if (open < 0)
                    throw new Source(prompt, PromptRole.Prompt).Error(i, "']' closes no '['. Write \\] for the character itself.");
                negatives.Add((open + 1, i));
                for (int b = open; b <= i; b++) positive[b] = ' ';
                open = -1;
            }
        }
        if (open >= 0)
            throw new Source(prompt, PromptRole.Prompt).Error(open, "this '[' (a negative prompt) is never closed. Close it, or write \\[ for the character itself.");
        return (positive.ToString(), negatives);
    }

    /// <summary>text[start..end] as sub-prompts: a .blend() call, a legacy "text:weight" blend, or one prompt.</summary>
    private static IReadOnlyList<SubPrompt> Body(Source source, string text, int start, int end, bool legacyBlends, List<string> warnings)
    {
        int and = IndexOfUnescaped(text, ".and(", start, end);
        if (and >= 0) throw source.Error(and, "conjunctions (.and()) are not supported; write one prompt, or blend them with .blend().");
        int blend = BlendCall(text, start, end);
        if (blend >= 0) return BlendCallParts(source, text, start, end, blend);
        if (legacyBlends && IndexOfUnescaped(text, ":", start, end) >= 0) return LegacyBlend(source, text, start, end, warnings);
        return [new SubPrompt(Attention(source, text, start, end), 1)];
    }

    private static int BlendCall(string text, int start, int end) => IndexOfUnescaped(text, ".blend(", start, end);

    /// <summary>InvokeAI 2.x's "a:0.7 b:0.3": the text up to each ':' is a sub-prompt, the number after it its weight (1 if none).</summary>
    private static IReadOnlyList<SubPrompt> LegacyBlend(Source source, string text, int start, int end, List<string> warnings)
    {
        var parts = new List<(int Start, int End, double Weight)>();
        int partStart = start;
        int i = start;
        while (i < end)
        {
            if (text[i] == '\\') { i += 2; continue; }
            if (text[i] != ':') { i++; continue; }
            int partEnd = i;
            while (i < end && text[i] == ':') i++;
            int numberStart = i;
            while (i < end && (char.IsAsciiDigit(text[i]) || text[i] is '.' or '-' or '+')) i++;
            double weight = 1;
            if (i == numberStart)
                warnings.Add($"The ':' at column {partEnd + 1} of the prompt starts a new sub-prompt of a blend (weight 1), as InvokeAI 2.x reads it; " +
                             "write \\: for a colon as text.");
            if (i > numberStart)
            {
                string written = text[numberStart..i];
                if (!LegacyWeight().IsMatch(written) || !double.TryParse(written, NumberStyles.Float, CultureInfo.InvariantCulture, out weight))
                    throw source.Error(numberStart, $"'{written}' is not a blend weight; write a number such as 0.7 or -0.5 after the ':'.");
            }
            while (i < end && char.IsWhiteSpace(text[i])) i++;
            parts.Add((partStart, partEnd, weight));
            partStart = i;
        }
        if (partStart < end && !string.IsNullOrWhiteSpace(text[partStart..end])) parts.Add((partStart, end, 1));
        if (parts.Count == 1) return [new SubPrompt(Attention(source, text, parts[0].Start, parts[0].End), 1)];

        double sum = parts.Sum(p => p.Weight);
        bool even = sum == 0;
        if (even) warnings.Add("The blend's weights add up to zero: each sub-prompt is weighted equally instead, as InvokeAI 2.x does.");
        return parts.Select(p => new SubPrompt(Attention(source, text, p.Start, p.End), even ? 1.0 / parts.Count : p.Weight / sum)).ToList();
    }

    /// <summary>("a", "b").blend(0.7, 0.3[, no_normalize]): the quoted prompts with their weights.</summary>
    private static IReadOnlyList<SubPrompt> BlendCallParts(Source source, string text, int start, int end, int call)
    {
        int i = SkipSpace(text, start, end);
        if (i >= end || text[i] != '(') throw source.Error(i, "a .blend() follows a parenthesised list of quoted prompts, as in (\"a forest\", \"a city\").blend(0.7, 0.3).");
        i++;
        var quoted = new List<(int Start, int End)>();
        while (true)
        {
            i = SkipSpace(text, i, end);
            if (i >= end || text[i] != '"') throw source.Error(i, "expected a quoted prompt (\"...\") in the blend's list.");
            int close = i + 1;
            while (close < end && text[close] != '"') close += text[close] == '\\' ? 2 : 1;
            if (close >= end) throw source.Error(i, "this quoted prompt is never closed with '\"'.");
            quoted.Add((i + 1, close));
            i = SkipSpace(text, close + 1, end);
            if (i < end && text[i] == ',') { i++; continue; }
            if (i < end && text[i] == ')') { i++; break; }
            throw source.Error(i, "expected ',' or ')' after a quoted prompt in the blend's list.");
        }
        if (i != call) throw source.Error(i, "expected .blend( right after the list's ')'.");
        i += ".blend(".Length;
        var weights = new List<double>();
        bool normalize = true;
        while (true)
        {
            i = SkipSpace(text, i, end);
            var number = BlendWeight().Match(text, i);
            if (number.Success && number.Index == i)
            {
                weights.Add(double.Parse(number.Value, CultureInfo.InvariantCulture));
                i += number.Length;
            }
            else if (string.CompareOrdinal(text, i, "no_normalize", 0, "no_normalize".Length) == 0)
            {
                normalize = false;
                i += "no_normalize".Length;
            }
            else throw source.Error(i, "a blend weight is a number, as in .blend(0.7, 0.3).");
            i = SkipSpace(text, i, end);
            if (i < end && text[i] == ',') { i++; continue; }
            if (i < end && text[i] == ')') { i++; break; }
            throw source.Error(i, "expected ',' or ')' after a blend weight.");
        }
        if (SkipSpace(text, i, end) < end) throw source.Error(SkipSpace(text, i, end), "nothing may follow a .blend(); it must be the whole prompt.");
        if (weights.Count != quoted.Count)
            throw source.Error(call, $"the blend has {quoted.Count} prompts but {weights.Count} weights; give one weight per prompt.");
        double sum = weights.Sum();
        if (normalize && sum == 0) throw source.Error(call, "the blend's weights add up to zero, so they cannot be normalised; change them or add no_normalize.");
        return quoted.Select((q, n) => new SubPrompt(Attention(source, text, q.Start, q.End), normalize ? weights[n] / sum : weights[n])).ToList();
    }

    /// <summary>
    /// compel's attention syntax over text[start..end]: spans of text, each weighted group and each "word+" its own span
    /// (a weight below 1 is then removed and blended per span).
    /// </summary>
    internal static List<PromptSpan> Attention(Source source, string text, int start, int end)
    {
        var spans = new List<PromptSpan>();
        var groups = new Stack<(int Span, int Index)>();
        var run = new StringBuilder();
        int runStart = start;
        bool lastEscaped = false;
        void Flush(int next)
        {
            if (run.Length > 0) spans.Add(new PromptSpan(run.ToString(), 1, runStart + 1));
            run.Clear();
            runStart = next;
        }

        for (int i = start; i < end; i++)
        {
            char c = text[i];
            if (c == '\\')
            {
                if (run.Length == 0) runStart = i;
                run.Append(i + 1 < end ? text[++i] : c);
                lastEscaped = true;
                continue;
            }
            // A sign weights the word before it only when that word is text of this run (not a group's weight).
            bool afterWord = !lastEscaped && run.Length > 0 && i > start && char.IsLetterOrDigit(text[i - 1]);
            lastEscaped = false;
            if (c == '(')
            {
                Flush(i + 1);
                groups.Push((spans.Count, i));
                continue;
            }
            if (c == ')')
            {
                if (groups.Count == 0) throw source.Error(i, "')' closes no '('. Write \\) for the character itself.");
                Flush(i + 1);
                var (first, _) = groups.Pop();
                int after = Suffix(source, text, i + 1, end, out double factor);
                for (int s = first; s < spans.Count; s++) spans[s] = spans[s] with { Weight = spans[s].Weight * factor };
                i = after - 1;
                runStart = after;
                continue;
            }
            if (c is '+' or '-' && afterWord)
            {
                int after = i;
                while (after < end && text[after] == c) after++;
                if (after == end || IsBoundary(text[after]))
                {
                    // "apricots+": the word before the signs is a span of its own.
                    int wordLength = 0;
                    while (wordLength < run.Length && IsWordPart(run[run.Length - 1 - wordLength])) wordLength++;
                    string word = run.ToString(run.Length - wordLength, wordLength);
                    run.Length -= wordLength;
                    Flush(i - wordLength);
                    spans.Add(new PromptSpan(word, Math.Pow(c == '+' ? Up : Down, after - i), i - wordLength + 1));
                    i = after - 1;
                    runStart = after;
                    continue;
                }
            }
            if (run.Length == 0) runStart = i;
            run.Append(c);
        }
        if (groups.Count > 0) throw source.Error(groups.Peek().Index, "this '(' is never closed. Close it, or write \\( for the character itself.");
        Flush(end);
        return MergePlainText(spans).SelectMany(span => span.SplitAtBreaks()).ToList();
    }

    /// <summary>What follows a group's ')': "+"s, "-"s or a number (its weight), or nothing (weight 1). Returns where the text goes on.</summary>
    private static int Suffix(Source source, string text, int at, int end, out double factor)
    {
        factor = 1;
        if (at >= end) return at;
        char c = text[at];
        if (c is '+' or '-')
        {
            if (at + 1 < end && (char.IsAsciiDigit(text[at + 1]) || text[at + 1] == '.'))
                throw source.Error(at, $"a group's weight is a number of 0 or more, or +/- signs; '{c}{text[at + 1]}…' is neither.");
            int after = at;
            while (after < end && text[after] == c) after++;
            if (after < end && !IsBoundary(text[after])) return at;
            factor = Math.Pow(c == '+' ? Up : Down, after - at);
            return after;
        }
        if (!char.IsAsciiDigit(c) && !(c == '.' && at + 1 < end && char.IsAsciiDigit(text[at + 1]))) return at;
        int stop = at;
        while (stop < end && (char.IsAsciiDigit(text[stop]) || text[stop] == '.')) stop++;
        string written = text[at..stop];
        if (!GroupWeight().IsMatch(written) || (stop < end && char.IsLetterOrDigit(text[stop])))
            throw source.Error(at, $"'{text[at..Math.Min(end, stop + 1)].Trim()}' is not a weight; write a number such as 1.3 right after the ')'.");
        factor = double.Parse(written, CultureInfo.InvariantCulture);
        return stop;
    }

    /// <summary>Plain-text neighbours (weight 1) join; a weighted span stays apart, since a weight below 1 removes it alone.</summary>
    private static List<PromptSpan> MergePlainText(List<PromptSpan> spans)
    {
        var merged = new List<PromptSpan>();
        foreach (var span in spans)
        {
            if (span.Text.Length == 0) continue;
            if (merged.Count > 0 && merged[^1].Weight == 1 && span.Weight == 1)
                merged[^1] = merged[^1] with { Text = merged[^1].Text + span.Text };
            else merged.Add(span);
        }
        return merged;
    }

    private static bool IsBoundary(char c) => !char.IsLetterOrDigit(c) && c is not ('+' or '-' or '.' or '_' or '\'');

    // "1.5+" weights "1.5", "x-ray+" weights "x-ray".
    private static bool IsWordPart(char c) => char.IsLetterOrDigit(c) || c is '-' or '_' or '\'' or '.';

    private static int SkipSpace(string text, int i, int end)
    {
        while (i < end && char.IsWhiteSpace(text[i])) i++;
        return i;
    }

    private static int IndexOfUnescaped(string text, string value, int start, int end)
    {
        for (int i = start; i + value.Length <= end; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (string.CompareOrdinal(text, i, value, 0, value.Length) == 0) return i;
        }
        return -1;
    }

    /// <summary>Where a mistake was made: the text as the user wrote it, and which prompt it is.</summary>
    internal readonly record struct Source(string Text, PromptRole Role)
    {
        public PromptSyntaxException Error(int index, string problem) =>
            new(Role, Text, Math.Min(index, Text.Length) + 1, problem, PromptSyntax.InvokeAI);
    }

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex LegacyWeight();

    [GeneratedRegex(@"^(\d+(\.\d+)?|\.\d+)$")]
    private static partial Regex GroupWeight();

    [GeneratedRegex(@"-?(\d+(\.\d+)?|\.\d+)")]
    private static partial Regex BlendWeight();

}

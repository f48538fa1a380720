using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace InvokeAI.Core.Prompts;

/// <summary>
/// ComfyUI's CLIP Text Encode syntax, read as its token_weights reads it: "(a)" ×1.1, "(a:1.3)" is weight 1.3 (the
/// number replaces the weight around it, where A1111 multiplies), brackets nest, "\(" and "\)" are the characters.
/// Square brackets, other backslashes and BREAK are plain text. An unbalanced parenthesis, which ComfyUI would pass as
/// text, stops with its column.
/// </summary>
internal static partial class ComfyUIPromptParser
{
    public static IReadOnlyList<PromptSpan> Parse(string text, PromptRole role)
    {
        var spans = new List<PromptSpan>();
        Read(text, 0, text.Length, 1, spans, role, text);
        return spans;
    }

    /// <summary>The spans of text[start..end] at <paramref name="weight"/>: runs of text, and each top-level group read inside.</summary>
    private static void Read(string text, int start, int end, double weight, List<PromptSpan> spans, PromptRole role, string whole)
    {
        var run = new StringBuilder();
        int runStart = start;
        void Flush(int next)
        {
            if (run.Length > 0) spans.Add(new PromptSpan(run.ToString(), weight, runStart + 1));
            run.Clear();
            runStart = next;
        }

        for (int i = start; i < end; i++)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < end && text[i + 1] is '(' or ')')
            {
                run.Append(text[++i]);
                continue;
            }
            if (c == ')')
                throw new PromptSyntaxException(role, whole, i + 1, "')' closes no '('. Write \\) for the character itself.", PromptSyntax.ComfyUI);
            if (c != '(')
            {
                run.Append(c);
                continue;
            }
            int close = Closing(text, i, end)
                        ?? throw new PromptSyntaxException(role, whole, i + 1, "this '(' is never closed. Close it, or write \\( for the character itself.", PromptSyntax.ComfyUI);
            Flush(i);
            ReadGroup(text, i + 1, close, weight, spans, role, whole);
            i = close;
            runStart = close + 1;
        }
        Flush(end);
    }

    /// <summary>A group's inside: ×1.1, or the number after its last ':' when that is a number.</summary>
    private static void ReadGroup(string text, int start, int end, double outer, List<PromptSpan> spans, PromptRole role, string whole)
    {
        double weight = outer * 1.1;
        int colon = text.LastIndexOf(':', end - 1, end - start);
        // ComfyUI looks for the weight after the group's last ':' only past its first character (index > 0).
        if (colon > start)
        {
            string after = text[(colon + 1)..end];
            if (PythonFloat(after) is double number)
            {
                if (!double.IsFinite(number))
                    throw new PromptSyntaxException(role, whole, colon + 2, $"'{after.Trim()}' is not a finite weight.", PromptSyntax.ComfyUI);
                weight = number;
                end = colon;
            }
            else if (after.IndexOfAny(['(', ')']) < 0 && after.Trim() is { Length: > 0 } written && (char.IsAsciiDigit(written[0]) || written[0] is '.' or '-' or '+'))
            {
                throw new PromptSyntaxException(role, whole, colon + 2, $"'{written}' is not a number.", PromptSyntax.ComfyUI);
            }
        }
        Read(text, start, end, weight, spans, role, whole);
    }

    /// <summary>What Python's float() makes of the text (ComfyUI's weight): inf and nan in any case, underscores between digits.</summary>
    private static double? PythonFloat(string text)
    {
        string written = text.Trim();
        string unsigned = written.TrimStart('+', '-');
        if (unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase) || unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase)
            || unsigned.Equals("nan", StringComparison.OrdinalIgnoreCase))
            return double.NaN;
        if (written.Contains('_') && !DigitGroups().IsMatch(written)) return null;
        return double.TryParse(written.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out double number) ? number : null;
    }

    [GeneratedRegex(@"^[+-]?(\d+(_\d+)*)?(\.(\d+(_\d+)*)?)?([eE][+-]?\d+(_\d+)*)?$")]
    private static partial Regex DigitGroups();

    /// <summary>The index of the ')' that closes the '(' at <paramref name="open"/>, skipping escaped ones.</summary>
    private static int? Closing(string text, int open, int end)
    {
        int depth = 0;
        for (int i = open; i < end; i++)
        {
            if (text[i] == '\\' && i + 1 < end && text[i + 1] is '(' or ')') { i++; continue; }
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && --depth == 0) return i;
        }
        return null;
    }
}

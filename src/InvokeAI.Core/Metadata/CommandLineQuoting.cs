using System.Text;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// Quoting for InvokeAI's Dream command lines, which InvokeAI reads back with Python's shlex (POSIX rules): inside
/// double quotes a backslash escapes only " and \, so Windows paths survive as long as their backslashes are doubled.
/// </summary>
internal static class CommandLineQuoting
{
    /// <summary>The token as written on the command line: as it is when that is safe, else double-quoted.</summary>
    public static string Quote(string token) =>
        token.Length > 0 && token[0] != '-' && token.All(IsPlain) ? token : QuoteAlways(token);

    public static string QuoteAlways(string token) =>
        "\"" + token.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    // Characters no shell-like splitter treats specially.
    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || "_-.,/:@%+=".Contains(c);

    /// <summary>Splits a command line as shlex does in POSIX mode; an unterminated quote runs to the end.</summary>
    public static IReadOnlyList<string> Split(string line)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        bool inToken = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (char.IsWhiteSpace(c))
            {
                if (inToken) tokens.Add(current.ToString());
                current.Clear();
                inToken = false;
                continue;
            }
            inToken = true;
            switch (c)
            {
                case '"':
                    for (i++; i < line.Length && line[i] != '"'; i++)
                    {
                        if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\') i++;
                        current.Append(line[i]);
                    }
                    break;
                case '\'':
                    for (i++; i < line.Length && line[i] != '\''; i++) current.Append(line[i]);
                    break;
                case '\\' when i + 1 < line.Length:
                    current.Append(line[++i]);
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }
        if (inToken) tokens.Add(current.ToString());
        return tokens;
    }
}

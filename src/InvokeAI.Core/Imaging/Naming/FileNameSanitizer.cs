using System.Text;

namespace InvokeAI.Core.Imaging.Naming;

/// <summary>
/// Makes text from an image (its source file's name, its prompt) safe inside a file name. One portable set of
/// characters is replaced on every platform — what Windows refuses, which includes both separators — so a
/// template names the same files on Linux as on Windows, and a value can never add a folder to the path.
/// </summary>
public static class FileNameSanitizer
{
    public const char Replacement = '_';

    /// <summary>Prompts are cut to this many characters: names stay readable and far from path-length limits.</summary>
    public const int MaxPromptLength = 60;

    private const string Forbidden = "\"*/:<>?\\|";

    public static string Clean(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (char c in value) text.Append(char.IsControl(c) || Forbidden.Contains(c) ? Replacement : c);
        return text.ToString();
    }

    /// <summary>
    /// A prompt as a file-name part: whitespace runs become one space, cut to <see cref="MaxPromptLength"/>,
    /// trailing dots and spaces dropped (Windows drops them silently, which would change the name reported);
    /// "untitled" when nothing is left.
    /// </summary>
    public static string Prompt(string? prompt)
    {
        string text = string.Join(' ', (prompt ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length > MaxPromptLength)
            text = text[..(char.IsHighSurrogate(text[MaxPromptLength - 1]) ? MaxPromptLength - 1 : MaxPromptLength)];
        text = Clean(text).TrimEnd('.', ' ');
        return text.Length == 0 ? "untitled" : text;
    }
}

using System.Text.RegularExpressions;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// InvokeAI 2.x has no separate negative prompt: words in [square brackets] anywhere in the prompt are what to
/// steer away from. Its formats (Dream, sd-metadata) therefore carry both prompts in one string.
/// </summary>
internal static partial class InvokeAIPromptSyntax
{
    public static string Combine(string? prompt, string? negativePrompt) =>
        string.IsNullOrEmpty(negativePrompt) ? prompt ?? string.Empty : $"{prompt} [{negativePrompt}]".TrimStart();

    /// <summary>The prompt without its bracketed parts, and those parts (joined by spaces) as the negative prompt.</summary>
    public static (string Prompt, string NegativePrompt) Split(string text)
    {
        var parts = BracketedPart().Matches(text);
        if (parts.Count == 0) return (text, string.Empty);
        var negative = parts.Select(m => m.Groups[1].Value.Trim()).Where(p => p.Length > 0);
        string prompt = Whitespace().Replace(BracketedPart().Replace(text, " "), " ").Trim();
        return (prompt, string.Join(" ", negative));
    }

    [GeneratedRegex(@"\[([^\[\]]*)\]")]
    private static partial Regex BracketedPart();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

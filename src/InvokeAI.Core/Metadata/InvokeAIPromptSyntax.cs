using System.Text.RegularExpressions;
using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// InvokeAI 2.x has no separate negative prompt: words in [square brackets] anywhere in the prompt are what to
/// steer away from. Its formats (Dream, sd-metadata) therefore carry both prompts in one string, in InvokeAI's syntax.
/// </summary>
internal static partial class InvokeAIPromptSyntax
{
    public static string Combine(string? prompt, string? negativePrompt) =>
        string.IsNullOrEmpty(negativePrompt) ? prompt ?? string.Empty : $"{prompt} [{negativePrompt}]".TrimStart();

    /// <summary>
    /// The prompt without its bracketed parts, and those parts (joined by spaces) as the negative prompt: what InvokeAI's
    /// syntax reads from the text either way. Text whose brackets do not balance stays whole, for the render to report.
    /// </summary>
    public static (string Prompt, string NegativePrompt) Split(string text)
    {
        try
        {
            var (positive, negatives) = InvokeAIPromptParser.SplitNegatives(text);
            if (negatives.Count == 0) return (text, string.Empty);
            var negative = negatives.Select(n => text[n.Start..n.End].Trim()).Where(part => part.Length > 0);
            return (Whitespace().Replace(positive, " ").Trim(), string.Join(" ", negative));
        }
        catch (PromptSyntaxException)
        {
            return (text, string.Empty);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

using System.Net;
using System.Text.RegularExpressions;

namespace InvokeAI.Core.Tokenization;

/// <summary>
/// The clean-up CLIP applies to a prompt before splitting it: HTML entities decoded, whitespace runs
/// collapsed to one space, ends trimmed, lower-cased. The vocabulary holds lower-case pieces only.
/// </summary>
internal static partial class ClipTextNormalizer
{
    public static string Normalize(string text)
    {
        // Decoded twice because prompts copied from web pages are often escaped twice ("&amp;amp;"),
        // and CLIP's reference clean-up does the same.
        var decoded = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text));
        var collapsed = WhitespaceRun().Replace(decoded, " ").Trim();
        return ReferenceLowerCase.ToLower(collapsed);
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespaceRun();
}

using System.Text.RegularExpressions;

namespace InvokeAI.Core.Tokenization;

/// <summary>
/// Splits normalized text into the words BPE runs on, with CLIP's pattern: the two special tokens,
/// English contractions, letter runs, single digits (so numbers are spelled digit by digit), and runs
/// of anything else that is not whitespace.
/// </summary>
internal static partial class ClipPreTokenizer
{
    public static IEnumerable<string> Split(string normalizedText)
    {
        for (var match = WordPattern().Match(normalizedText); match.Success; match = match.NextMatch())
        {
            yield return match.Value;
        }
    }

    [GeneratedRegex(
        @"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}

using System.Globalization;
using System.Text;

namespace InvokeAI.Core.Tokenization;

/// <summary>
/// Lower-cases text the way Python's <c>str.lower()</c> does, since that is what produced CLIP's token ids.
/// .NET's invariant lower-casing maps one character to one character; Python also applies the two
/// unconditional context rules that change the result: İ becomes "i" + combining dot, and a capital sigma
/// that ends a word becomes the final form ς.
/// </summary>
internal static class ReferenceLowerCase
{
    private const char CapitalIWithDot = '\u0130';
    private const string SmallIWithCombiningDot = "i\u0307";
    private const char CapitalSigma = '\u03A3';
    private const char SmallFinalSigma = '\u03C2';

    public static string ToLower(string text)
    {
        // Invariant lower-casing keeps the length (surrogate pairs stay pairs), so indexes still line up
        // with the original text when the two special cases are patched in below.
        var lowered = text.ToLowerInvariant();
        if (text.IndexOfAny([CapitalIWithDot, CapitalSigma]) < 0)
        {
            return lowered;
        }

        var result = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case CapitalIWithDot:
                    result.Append(SmallIWithCombiningDot);
                    break;
                case CapitalSigma when IsFinalSigma(text, i):
                    result.Append(SmallFinalSigma);
                    break;
                default:
                    result.Append(lowered[i]);
                    break;
            }
        }

        return result.ToString();
    }

    // Unicode's Final_Sigma condition: a cased letter before (skipping case-ignorables), none after.
    private static bool IsFinalSigma(string text, int sigmaIndex)
    {
        var before = sigmaIndex - 1;
        while (before >= 0 && IsCaseIgnorable(text[before]))
        {
            before--;
        }

        if (before < 0 || !IsCased(text[before]))
        {
            return false;
        }

        var after = sigmaIndex + 1;
        while (after < text.Length && IsCaseIgnorable(text[after]))
        {
            after++;
        }

        return after == text.Length || !IsCased(text[after]);
    }

    private static bool IsCased(char character) =>
        CharUnicodeInfo.GetUnicodeCategory(character) is UnicodeCategory.UppercaseLetter
            or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter;

    private static bool IsCaseIgnorable(char character) =>
        CharUnicodeInfo.GetUnicodeCategory(character) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter
            or UnicodeCategory.ModifierSymbol
        || IsWordInternalPunctuation(character);

    // The Word_Break MidLetter / MidNumLet / Single_Quote characters, which Unicode also counts as case-ignorable.
    private static bool IsWordInternalPunctuation(char character) => character is '\'' or '.' or ':'
        or '\u00B7' or '\u0387' or '\u055F' or '\u05F4' or '\u2018' or '\u2019' or '\u2024' or '\u2027'
        or '\uFE13' or '\uFE52' or '\uFE55' or '\uFF07' or '\uFF0E' or '\uFF1A';
}

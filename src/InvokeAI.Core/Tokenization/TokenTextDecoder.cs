using System.Text;

namespace InvokeAI.Core.Tokenization;

/// <summary>
/// A vocabulary entry as a person reads it. CLIP's vocabulary spells UTF-8 bytes in stand-in characters (so "×"
/// is stored as "ÃĹ") and marks the last piece of a word with "&lt;/w&gt;"; the decoded text keeps neither, and
/// whether the piece ends a word is said separately.
/// </summary>
public static class TokenTextDecoder
{
    public const string WordEndMarker = "</w>";

    /// <summary>
    /// The text of <paramref name="vocabularyText"/> and whether it ends a word. Bytes that are not a whole UTF-8
    /// character (a rare character split over several tokens) show as &lt;0xF0&gt;, since no character can stand for them.
    /// </summary>
    public static (string Text, bool EndsWord) Decode(string vocabularyText)
    {
        ArgumentNullException.ThrowIfNull(vocabularyText);
        bool endsWord = vocabularyText.EndsWith(WordEndMarker, StringComparison.Ordinal);
        string body = endsWord ? vocabularyText[..^WordEndMarker.Length] : vocabularyText;

        var text = new StringBuilder();
        var bytes = new List<byte>();
        foreach (char character in body)
        {
            if (ByteToUnicodeMap.TryToByte(character, out byte value))
            {
                bytes.Add(value);
                continue;
            }
            // Not a byte's stand-in (no byte-level vocabulary has such a character): kept as it is.
            AppendUtf8(text, bytes);
            text.Append(character);
        }
        AppendUtf8(text, bytes);
        return (text.ToString(), endsWord);
    }

    private static void AppendUtf8(StringBuilder text, List<byte> bytes)
    {
        ReadOnlySpan<byte> rest = bytes.ToArray();
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(rest, out var rune, out int consumed);
            if (status == System.Buffers.OperationStatus.Done)
                text.Append(rune.ToString());
            else
                foreach (byte value in rest[..consumed]) text.Append($"<0x{value:X2}>");
            rest = rest[consumed..];
        }
        bytes.Clear();
    }
}

namespace InvokeAI.Core.Tokenization;

/// <summary>
/// The GPT-2 byte-to-character table that CLIP's vocabulary is written in. Every byte gets a visible,
/// non-space character so BPE can work on text without ever meeting whitespace or control characters.
/// </summary>
internal static class ByteToUnicodeMap
{
    private static readonly char[] CharacterOfByte = BuildTable();
    private static readonly Dictionary<char, byte> ByteOfCharacter =
        Enumerable.Range(0, 256).ToDictionary(value => CharacterOfByte[value], value => (byte)value);

    /// <summary>Returns the character that stands for <paramref name="value"/> in vocabulary strings.</summary>
    public static char ToCharacter(byte value) => CharacterOfByte[value];

    /// <summary>The byte that <paramref name="character"/> stands for in vocabulary strings, if it stands for one.</summary>
    public static bool TryToByte(char character, out byte value) => ByteOfCharacter.TryGetValue(character, out value);

    /// <summary>Spells the UTF-8 bytes of <paramref name="text"/> in vocabulary characters.</summary>
    public static string Encode(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var characters = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            characters[i] = CharacterOfByte[bytes[i]];
        }

        return new string(characters);
    }

    private static char[] BuildTable()
    {
        var table = new char[256];
        var isPrintable = new bool[256];

        // These three ranges are already printable Latin-1 characters, so they keep their own code point.
        MarkPrintable(isPrintable, '!', '~');
        MarkPrintable(isPrintable, '\u00A1', '\u00AC');
        MarkPrintable(isPrintable, '\u00AE', '\u00FF');

        // The rest (controls, space, soft hyphen, ...) are moved, in byte order, to 256, 257, ...
        // The order matters: the vocabulary was built with exactly this assignment.
        var nextSubstitute = 256;
        for (var value = 0; value < 256; value++)
        {
            table[value] = isPrintable[value] ? (char)value : (char)nextSubstitute++;
        }

        return table;
    }

    private static void MarkPrintable(bool[] isPrintable, char first, char last)
    {
        for (int value = first; value <= last; value++)
        {
            isPrintable[value] = true;
        }
    }
}

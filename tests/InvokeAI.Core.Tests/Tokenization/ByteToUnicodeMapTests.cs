using InvokeAI.Core.Tokenization;

namespace InvokeAI.Core.Tests.Tokenization;

public sealed class ByteToUnicodeMapTests
{
    [Fact]
    public void EveryByteHasItsOwnCharacter()
    {
        var characters = Enumerable.Range(0, 256).Select(value => ByteToUnicodeMap.ToCharacter((byte)value));

        Assert.Equal(256, characters.Distinct().Count());
    }

    [Theory]
    [InlineData((byte)'a', 'a')]
    [InlineData((byte)'!', '!')]
    [InlineData((byte)0xA1, '\u00A1')]
    [InlineData((byte)0x00, '\u0100')]
    [InlineData((byte)' ', '\u0120')]
    [InlineData((byte)0xAD, '\u0143')]
    public void BytesMapToTheGpt2Characters(byte value, char expected)
    {
        Assert.Equal(expected, ByteToUnicodeMap.ToCharacter(value));
    }
}

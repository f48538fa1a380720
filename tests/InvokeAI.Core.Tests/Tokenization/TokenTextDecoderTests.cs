using InvokeAI.Core.Tokenization;

namespace InvokeAI.Core.Tests.Tokenization;

public sealed class TokenTextDecoderTests
{
    [Theory]
    [InlineData("fire</w>", "fire", true)]
    [InlineData("hat", "hat", false)]
    [InlineData("ÃĹ</w>", "×", true)]
    [InlineData("<|startoftext|>", "<|startoftext|>", false)]
    [InlineData("ðŁĶ¥</w>", "🔥", true)]
    public void DecodesTheByteSpellingAndSaysWhetherTheWordEnds(string vocabulary, string text, bool endsWord)
    {
        Assert.Equal((text, endsWord), TokenTextDecoder.Decode(vocabulary));
    }

    [Fact]
    public void ShowsBytesThatAreNotAWholeCharacterAsHex()
    {
        // The first two bytes of a four-byte emoji (F0 9F): a piece of a character split over tokens.
        Assert.Equal(("<0xF0><0x9F>", false), TokenTextDecoder.Decode("ðŁ"));
        Assert.Equal(("a<0x80>", true), TokenTextDecoder.Decode("aĢ</w>"));
    }

    [Fact]
    public void PromptTokensCarryTheDecodedTextAndTheVocabularyEntry()
    {
        var tokenizer = SharedClipTokenizer.Instance;

        var tokens = PromptToken.From(tokenizer, tokenizer.Encode("2×3 hatbox"));

        var times = Assert.Single(tokens, t => t.Vocabulary.StartsWith("ÃĹ", StringComparison.Ordinal));
        Assert.Equal("×", times.Text);
        Assert.Equal(["hat", "box"], tokens.Where(t => t.Text is "hat" or "box").Select(t => t.Text));
        Assert.Equal([false, true], tokens.Where(t => t.Text is "hat" or "box").Select(t => t.EndsWord));
        Assert.Equal("box</w>", tokens.Single(t => t.Text == "box").Vocabulary);
    }
}

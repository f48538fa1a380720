namespace InvokeAI.Core.Tests.Tokenization;

public sealed class ClipTokenizerVocabularyTests
{
    [Fact]
    public void TokenTextAndTryGetIdRoundTripFire()
    {
        var tokenizer = SharedClipTokenizer.Instance;

        Assert.True(tokenizer.TryGetId("fire</w>", out var id));
        Assert.Equal(1769, id);
        Assert.Equal("fire</w>", tokenizer.TokenText(id));
    }

    [Fact]
    public void SpecialTokenTextsMatchTheirIds()
    {
        var tokenizer = SharedClipTokenizer.Instance;

        Assert.Equal("<|startoftext|>", tokenizer.TokenText(tokenizer.BosId));
        Assert.Equal("<|endoftext|>", tokenizer.TokenText(tokenizer.EosId));
    }

    [Fact]
    public void TryGetIdIsExactAboutTheEndOfWordMarker()
    {
        var tokenizer = SharedClipTokenizer.Instance;

        Assert.False(tokenizer.TryGetId("no-such-token</w>", out _));
        Assert.True(tokenizer.TryGetId("red</w>", out var wordId));
        Assert.True(tokenizer.TryGetId("red", out var pieceId));
        Assert.NotEqual(wordId, pieceId);
    }

    [Fact]
    public void TokenTextRejectsUnknownIds()
    {
        var tokenizer = SharedClipTokenizer.Instance;

        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.TokenText(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.TokenText(tokenizer.VocabularySize));
    }
}

namespace InvokeAI.Core.Tests.Tokenization;

public sealed class ClipTokenizerTruncationTests
{
    // "a" is a single piece (id 320), so n words give n pieces and the expected counts are exact.
    private const int IdOfA = 320;

    private static string RepeatWord(int count) => string.Join(' ', Enumerable.Repeat("a", count));

    [Fact]
    public void LongPromptIsCutTo77WithEosLast()
    {
        var tokenizer = SharedClipTokenizer.Instance;

        var result = tokenizer.Encode(RepeatWord(100));

        Assert.Equal(77, result.Tokens.Count);
        Assert.Equal(tokenizer.BosId, result.Tokens[0]);
        Assert.Equal(tokenizer.EosId, result.Tokens[^1]);
        Assert.All(result.Tokens.Skip(1).Take(75), id => Assert.Equal(IdOfA, id));
        Assert.True(result.Truncated);
        Assert.Equal(25, result.DroppedTokenCount);
        Assert.Equal(result.Tokens, result.InputIds);
    }

    [Fact]
    public void PromptOfExactly75PiecesIsNotCut()
    {
        var result = SharedClipTokenizer.Instance.Encode(RepeatWord(75));

        Assert.Equal(77, result.Tokens.Count);
        Assert.False(result.Truncated);
        Assert.Equal(0, result.DroppedTokenCount);
    }

    [Fact]
    public void PromptOf76PiecesDropsOne()
    {
        var result = SharedClipTokenizer.Instance.Encode(RepeatWord(76));

        Assert.True(result.Truncated);
        Assert.Equal(1, result.DroppedTokenCount);
        Assert.Equal(SharedClipTokenizer.Instance.EosId, result.Tokens[^1]);
    }

    [Fact]
    public void InputIdsArePaddedWithPadIdTo77()
    {
        var tokenizer = SharedClipTokenizer.Instance;

        var result = tokenizer.Encode("a photo of a cat");

        Assert.Equal(77, tokenizer.MaxLength);
        Assert.Equal(77, result.InputIds.Length);
        Assert.Equal(result.Tokens, result.InputIds.Take(result.Tokens.Count));
        Assert.All(result.InputIds.Skip(result.Tokens.Count), id => Assert.Equal(tokenizer.PadId, id));
        Assert.Equal(tokenizer.EosId, tokenizer.PadId);
    }

    [Fact]
    public void EmptyPromptIsBosEosThenPadding()
    {
        var tokenizer = SharedClipTokenizer.Instance;

        var result = tokenizer.Encode("");

        Assert.Equal(new[] { tokenizer.BosId, tokenizer.EosId }, result.Tokens);
        Assert.Equal(77, result.InputIds.Length);
    }
}

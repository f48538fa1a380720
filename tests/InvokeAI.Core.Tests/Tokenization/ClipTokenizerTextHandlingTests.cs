namespace InvokeAI.Core.Tests.Tokenization;

/// <summary>The clean-up and splitting rules, checked as "these two prompts must tokenize alike".</summary>
public sealed class ClipTokenizerTextHandlingTests
{
    [Theory]
    [InlineData("salt &amp; pepper", "salt & pepper")]
    [InlineData("salt &amp;amp; pepper", "salt & pepper")]
    [InlineData("  A\tRed \n\n Apple  ", "a red apple")]
    [InlineData("DON'T STOP", "don't stop")]
    [InlineData("\u0130STANBUL", "i\u0307stanbul")]
    [InlineData("\u039F\u0394\u039F\u03A3 \u03A3\u039F\u03A6\u039F\u03A3", "\u03BF\u03B4\u03BF\u03C2 \u03C3\u03BF\u03C6\u03BF\u03C2")]
    public void EquivalentPromptsGiveTheSameIds(string prompt, string equivalent)
    {
        var tokenizer = SharedClipTokenizer.Instance;

        Assert.Equal(tokenizer.Encode(equivalent).Tokens, tokenizer.Encode(prompt).Tokens);
    }

    [Fact]
    public void PythonSpecificLowerCasingChangesTheIds()
    {
        // Guards the two cases above against passing by accident: the reference forms must differ from
        // what plain per-character lower-casing gives.
        var tokenizer = SharedClipTokenizer.Instance;

        Assert.NotEqual(tokenizer.Encode("istanbul").Tokens, tokenizer.Encode("\u0130STANBUL").Tokens);
        Assert.NotEqual(tokenizer.Encode("\u03BF\u03B4\u03BF\u03C3").Tokens, tokenizer.Encode("\u039F\u0394\u039F\u03A3").Tokens);
    }

    [Fact]
    public void ContractionIsItsOwnPiece()
    {
        var tokenizer = SharedClipTokenizer.Instance;
        Assert.True(tokenizer.TryGetId("'t</w>", out var contractionId));

        Assert.Contains(contractionId, tokenizer.Encode("don't").Tokens);
    }

    [Fact]
    public void NonAsciiTextIsEncodedByteWise()
    {
        var tokenizer = SharedClipTokenizer.Instance;

        var pieces = tokenizer.Encode("café 東京").Tokens.Skip(1).SkipLast(1).Select(tokenizer.TokenText);

        // Nothing fell back to the unknown (end-of-text) id, and the byte-level pieces spell the words.
        Assert.DoesNotContain("<|endoftext|>", pieces);
        Assert.Equal(2, pieces.Count(piece => piece.EndsWith("</w>", StringComparison.Ordinal)));
    }

    [Fact]
    public void SpecialTokenTextInPromptMapsToItsId()
    {
        var tokenizer = SharedClipTokenizer.Instance;

        var result = tokenizer.Encode("a <|endoftext|> b");

        Assert.Equal(tokenizer.EosId, result.Tokens[2]);
    }

    [Fact]
    public void ConcurrentEncodingGivesTheSameIdsAsSequential()
    {
        var prompts = Enumerable.Range(0, 200).Select(i => $"prompt number {i} with word{i % 17}zz and more").ToArray();
        var expected = prompts.Select(prompt => SharedClipTokenizer.Instance.Encode(prompt).Tokens.ToArray()).ToArray();

        // A fresh tokenizer, so the threads race to fill an empty word cache rather than only read it.
        var fresh = InvokeAI.Core.Tokenization.ClipTokenizer.FromFolder(RepoPaths.ClipTokenizerFolder);
        var actual = new int[prompts.Length][];
        Parallel.For(0, prompts.Length * 4, i =>
        {
            var index = i % prompts.Length;
            actual[index] = fresh.Encode(prompts[index]).Tokens.ToArray();
        });

        Assert.Equal(expected, actual);
    }
}

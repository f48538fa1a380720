using InvokeAI.Core.Prompts;
using InvokeAI.Core.Tests.Tokenization;

namespace InvokeAI.Core.Tests.Prompts;

/// <summary>How a sub-prompt's spans become chunks of at most 75 word pieces, cut between whole words and at BREAK.</summary>
public sealed class PromptChunkerTests
{
    private static IReadOnlyList<PromptChunk> Split(string prompt, PromptSyntax syntax = PromptSyntax.A1111) =>
        PromptChunker.Split(SharedClipTokenizer.Instance, ParsedPrompt.Parse(prompt, null, syntax).Prompt[0].Spans);

    private static string Words(string word, int count) => string.Join(' ', Enumerable.Repeat(word, count));

    [Theory]
    [InlineData(0, new int[] { 0 })]
    [InlineData(1, new[] { 1 })]
    [InlineData(75, new[] { 75 })]
    [InlineData(76, new[] { 75, 1 })]
    [InlineData(150, new[] { 75, 75 })]
    [InlineData(200, new[] { 75, 75, 50 })]
    public void AChunkHoldsSeventyFivePieces(int words, int[] sizes) =>
        Assert.Equal(sizes, Split(Words("red", words)).Select(c => c.Pieces.Count));

    [Fact]
    public void AWordIsNeverSplitAcrossTwoChunks()
    {
        Assert.Equal(["hat", "box</w>"], SharedClipTokenizer.Instance.EncodeWithoutSpecialTokens("hatbox").Select(SharedClipTokenizer.Instance.TokenText));
        var chunks = Split(Words("red", 74) + " hatbox blue");
        Assert.Equal([74, 3], chunks.Select(c => c.Pieces.Count));
        Assert.Equal(["hat", "box</w>", "blue</w>"], chunks[1].Pieces.Select(p => SharedClipTokenizer.Instance.TokenText(p.Id)));
        Assert.Equal([false, true, true], chunks[1].Pieces.Select(p => p.EndsWord));
    }

    [Fact]
    public void AWordLongerThanAChunkIsCutWhereTheChunkIsFull()
    {
        string word = string.Concat(Enumerable.Range(0, 400).Select(i => (char)('a' + i * 7 % 26)));
        int pieces = SharedClipTokenizer.Instance.EncodeWithoutSpecialTokens(word).Count;
        Assert.True(pieces > 75, $"{pieces} pieces");
        var sizes = Split(word).Select(c => c.Pieces.Count).ToList();
        Assert.All(sizes[..^1], size => Assert.Equal(75, size));
        Assert.Equal(pieces, sizes.Sum());
    }

    [Fact]
    public void BreakEndsAChunkEvenAnEmptyOne()
    {
        Assert.Equal([1, 0, 1], Split("fire BREAK BREAK ocean").Select(c => c.Pieces.Count));
        Assert.Equal([0, 1], Split("BREAK ocean").Select(c => c.Pieces.Count));
        Assert.Equal([75, 1], Split(Words("red", 75) + " BREAK blue").Select(c => c.Pieces.Count));
        // ComfyUI reads BREAK as a word.
        Assert.Single(Split("fire BREAK ocean", PromptSyntax.ComfyUI));
    }

    [Fact]
    public void PiecesKeepTheirSpansWeight()
    {
        var chunk = Assert.Single(Split("fire (ocean:1.5) snow"));
        Assert.Equal([1, 1.5, 1], chunk.Pieces.Select(p => p.Weight));
        Assert.Equal([1f, 1, 1.5f, 1, 1, 1], chunk.Weights(6));
        Assert.True(chunk.HasWeights);
        Assert.False(Assert.Single(Split("fire ocean snow")).HasWeights);

        var without = chunk.Without(chunk.Pieces[1].Span);
        Assert.Equal(SharedClipTokenizer.Instance.EncodeWithoutSpecialTokens("fire snow"), without.Pieces.Select(p => p.Id));
        Assert.Equal(SharedClipTokenizer.Instance.Frame(without.Pieces.Select(p => p.Id).ToList()), without.InputIds(SharedClipTokenizer.Instance));
    }
}

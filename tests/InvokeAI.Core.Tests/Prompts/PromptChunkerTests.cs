using InvokeAI.Core.Prompts;
using InvokeAI.Core.Tests.Tokenization;

namespace InvokeAI.Core.Tests.Prompts;

/// <summary>
/// How a sub-prompt's spans become chunks of at most 75 word pieces: cut at BREAK, and where a full chunk is cut as the
/// syntax's own tool cuts it (InvokeAI: after a whole word; A1111: after a comma among the last 20 pieces, else at 75;
/// ComfyUI: before a weighted segment that does not fit, unless it has 8 pieces or more).
/// </summary>
public sealed class PromptChunkerTests
{
    private static IReadOnlyList<PromptChunk> Split(string prompt, PromptSyntax syntax = PromptSyntax.InvokeAI) =>
        PromptChunker.Split(SharedClipTokenizer.Instance, ParsedPrompt.Parse(prompt, null, syntax).Prompt[0].Spans, syntax);

    private static string Words(string word, int count) => string.Join(' ', Enumerable.Repeat(word, count));

    [Theory]
    [InlineData(0, new int[] { 0 })]
    [InlineData(1, new[] { 1 })]
    [InlineData(75, new[] { 75 })]
    [InlineData(76, new[] { 75, 1 })]
    [InlineData(150, new[] { 75, 75 })]
    [InlineData(200, new[] { 75, 75, 50 })]
    public void AChunkHoldsSeventyFivePieces(int words, int[] sizes)
    {
        foreach (var syntax in Enum.GetValues<PromptSyntax>())
            Assert.Equal(sizes, Split(Words("red", words), syntax).Select(c => c.Pieces.Count));
    }

    [Theory]
    // 74 one-piece words, then "hatbox" (hat + box) across the 75th place.
    [InlineData(PromptSyntax.InvokeAI, new[] { 74, 3 })]
    // ComfyUI: the prompt is one segment of 77 pieces, large enough to be cut where the chunk is full.
    [InlineData(PromptSyntax.ComfyUI, new[] { 75, 2 })]
    [InlineData(PromptSyntax.A1111, new[] { 75, 2 })]
    public void EachSyntaxCutsAFullChunkWhereItsToolDoes(PromptSyntax syntax, int[] sizes) =>
        Assert.Equal(sizes, Split(Words("red", 74) + " hatbox blue", syntax).Select(c => c.Pieces.Count));

    [Fact]
    public void A1111MovesTheWordsAfterARecentCommaIntoTheNextChunk()
    {
        // 35 × "red," is 70 pieces; the last comma is the 70th, within 20 of the cut: the six words after it move on.
        string prompt = string.Concat(Enumerable.Repeat("red, ", 35)) + "blue green yellow white black orange";
        Assert.Equal([70, 6], Split(prompt, PromptSyntax.A1111).Select(c => c.Pieces.Count));
        // A comma more than 20 pieces back does not move the cut.
        Assert.Equal([75, 2], Split("red, " + Words("blue", 75), PromptSyntax.A1111).Select(c => c.Pieces.Count));
        Assert.Equal([75, 1], Split(prompt, PromptSyntax.InvokeAI).Select(c => c.Pieces.Count));
    }

    [Fact]
    public void ComfyUIMovesAWeightedSegmentWholeUnlessItHasEightPiecesOrMore()
    {
        // "tree-on-a-hill!" is 8 pieces: cut where the chunk is full. "tree-on-a-hill" is 7: moved whole.
        Assert.Equal(8, SharedClipTokenizer.Instance.EncodeWithoutSpecialTokens("tree-on-a-hill!").Count);
        Assert.Equal([75, 1], Split(Words("red", 68) + " (tree-on-a-hill!:1.1)", PromptSyntax.ComfyUI).Select(c => c.Pieces.Count));
        Assert.Equal([74, 7], Split(Words("red", 74) + " (tree-on-a-hill:1.1)", PromptSyntax.ComfyUI).Select(c => c.Pieces.Count));
        Assert.Equal([74, 2], Split(Words("red", 74) + " (blue green:1.2)", PromptSyntax.ComfyUI).Select(c => c.Pieces.Count));
    }

    [Fact]
    public void CuttingExactlyFillsEveryChunk() =>
        // As compel and InvokeAI 2.x's truncation cut: "hat" ends the first chunk, "box" starts the second.
        Assert.Equal([75, 2], PromptChunker.Split(SharedClipTokenizer.Instance,
            ParsedPrompt.Parse(Words("red", 74) + " hatbox blue", null, PromptSyntax.InvokeAI).Prompt[0].Spans, PromptSyntax.InvokeAI, exactly: true)
            .Select(c => c.Pieces.Count));

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
        var chunk = Assert.Single(Split("fire (ocean:1.5) snow", PromptSyntax.A1111));
        Assert.Equal([1, 1.5, 1], chunk.Pieces.Select(p => p.Weight));
        Assert.Equal([1f, 1, 1.5f, 1, 1, 1], chunk.Weights(6));
        Assert.True(chunk.HasWeights);
        Assert.False(Assert.Single(Split("fire ocean snow")).HasWeights);

        var without = chunk.Without(chunk.Pieces[1].Span);
        Assert.Equal(SharedClipTokenizer.Instance.EncodeWithoutSpecialTokens("fire snow"), without.Pieces.Select(p => p.Id));
        Assert.Equal(SharedClipTokenizer.Instance.Frame(without.Pieces.Select(p => p.Id).ToList()), without.InputIds(SharedClipTokenizer.Instance));
    }
}

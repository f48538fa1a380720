using System.Globalization;
using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Prompts;
using InvokeAI.Core.Tests.Tokenization;
using InvokeAI.Core.Tokenization;

namespace InvokeAI.Core.Tests.Prompts;

/// <summary>
/// Prompt → the tokens the text encoder receives, as a table: each token's text and weight, the chunk it is in and the
/// part (prompt, negative, blend part) it belongs to, with the real CLIP vocabulary.
/// </summary>
public sealed class PromptTokenTableTests
{
    private static readonly ClipTokenizer Tokenizer = SharedClipTokenizer.Instance;

    /// <summary>"part/chunk: text@weight text@weight ..." per chunk, start and end tokens shown as ⟨ and ⟩.</summary>
    private static string[] Table(string prompt, string? negative, PromptSyntax syntax) =>
        PromptToken.From(Tokenizer, ParsedPrompt.Parse(prompt, negative, syntax), null, out _)
            .GroupBy(t => (t.Part, t.Chunk))
            .Select(g => $"{g.Key.Part}/{g.Key.Chunk}: " + string.Join(" ", g.Select(t => t.Id == Tokenizer.BosId ? "⟨" : t.Id == Tokenizer.EosId ? "⟩"
                : t.Weight == 1 ? t.Text : $"{t.Text}@{Math.Round(t.Weight, 3).ToString(CultureInfo.InvariantCulture)}")))
            .ToArray();

    public static TheoryData<string, string?, PromptSyntax, string[]> Tables() => new()
    {
        { "a castle+ [fog]", null, PromptSyntax.InvokeAI, ["Prompt/0: ⟨ a castle@1.1 ⟩", "Negative/0: ⟨ fog ⟩"] },
        { "a castle", "(fog)1.2", PromptSyntax.InvokeAI, ["Prompt/0: ⟨ a castle ⟩", "Negative/0: ⟨ fog@1.2 ⟩"] },
        { "(fire:1.5) ocean", "[blurry]", PromptSyntax.A1111, ["Prompt/0: ⟨ fire@1.5 ocean ⟩", "Negative/0: ⟨ blurry@0.909 ⟩"] },
        { "fire:0.7 ocean:0.3", null, PromptSyntax.InvokeAI, ["Prompt 1 ×0.7/0: ⟨ fire ⟩", "Prompt 2 ×0.3/0: ⟨ ocean ⟩"] },
        { "a cat BREAK a dog", null, PromptSyntax.A1111, ["Prompt/0: ⟨ a cat ⟩", "Prompt/1: ⟨ a dog ⟩"] },
        { "a cat BREAK a dog", null, PromptSyntax.ComfyUI, ["Prompt/0: ⟨ a cat break a dog ⟩"] },
        // "hatbox" is two pieces; each span is tokenized alone, so "(hat:1.2)box" is "hat" + "box" with their own weights.
        { "(hat:1.2)box", null, PromptSyntax.A1111, ["Prompt/0: ⟨ hat@1.2 box ⟩"] },
        { "", "", PromptSyntax.A1111, ["Prompt/0: ⟨ ⟩"] },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void APromptBecomesTheseTokens(string prompt, string? negative, PromptSyntax syntax, string[] table) =>
        Assert.Equal(table, Table(prompt, negative, syntax));

    [Fact]
    public void ALongPromptIsChunkedEvery75PiecesEachWithItsStartAndEndTokens()
    {
        var tokens = PromptToken.From(Tokenizer, ParsedPrompt.Parse(string.Join(' ', Enumerable.Repeat("red", 160)), null, PromptSyntax.InvokeAI), null, out var cuts);
        Assert.Empty(cuts);
        Assert.Equal([77, 77, 12], tokens.GroupBy(t => t.Chunk).Select(g => g.Count()));
        Assert.All(tokens.GroupBy(t => t.Chunk), chunk => Assert.Equal((0, Tokenizer.BosId), (chunk.First().Index, chunk.First().Id)));
    }

    [Fact]
    public void AWordIsNeverSplitAcrossChunks()
    {
        // 74 single-piece words, then "hatbox" (hat + box): the word moves whole into the second chunk.
        var tokens = PromptToken.From(Tokenizer, ParsedPrompt.Parse(string.Join(' ', Enumerable.Repeat("red", 74)) + " hatbox", null, PromptSyntax.InvokeAI), null, out _);
        Assert.Equal(["⟨", "hat", "box", "⟩"], tokens.Where(t => t.Chunk == 1).Select(t => t.Id == Tokenizer.BosId ? "⟨" : t.Id == Tokenizer.EosId ? "⟩" : t.Text));
        Assert.Equal(76, tokens.Count(t => t.Chunk == 0));
    }

    [Fact]
    public void AFixedLengthKeepsTheFirstChunksAndSaysWhatWasCutAsARenderDoes()
    {
        var fixedLength = new FixedPromptLength(77, 1, "unet/model.onnx");
        string hundred = string.Join(' ', Enumerable.Repeat("red", 100));
        var tokens = PromptToken.From(Tokenizer, ParsedPrompt.Parse(hundred, "fog BREAK", PromptSyntax.A1111), fixedLength, out var cuts);
        Assert.Equal(77 + 3, tokens.Count);
        Assert.Equal(["The prompt is longer than this model can take: its UNet fixes encoder_hidden_states' axis 1 at 77 tokens, so 25 token(s) at its end were ignored."], cuts);
        // A BREAK that needs a second chunk is refused, naming the prompt that has it.
        var refused = Assert.Throws<RenderSettingException>(() =>
            PromptToken.From(Tokenizer, ParsedPrompt.Parse("fire", "fog BREAK smoke", PromptSyntax.A1111), fixedLength, out _));
        Assert.Equal("NegativePrompt", refused.Setting);
        Assert.Contains("encoder_hidden_states", refused.Message);
    }

    [Fact]
    public void AChunkIsFramedWithStartEndAndPadding()
    {
        var chunk = PromptChunker.Split(Tokenizer, [new PromptSpan("a red fox", 1.5, 1)]).Single();
        int[] ids = chunk.InputIds(Tokenizer);
        Assert.Equal(77, ids.Length);
        Assert.Equal(Tokenizer.Encode("a red fox").InputIds, ids);
        Assert.Equal([1f, 1.5f, 1.5f, 1.5f, 1f, 1f], chunk.Weights(77)[..6]);
        Assert.Throws<ArgumentException>(() => Tokenizer.Frame(Enumerable.Repeat(320, 76).ToList()));
    }
}

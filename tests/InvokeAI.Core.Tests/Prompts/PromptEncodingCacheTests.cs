using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Tests.Prompts;

/// <summary>A repeated weighted prompt reuses its chunks' raw encodings, and weighting never changes what is cached.</summary>
public sealed class PromptEncodingCacheTests(PromptModels models) : IClassFixture<PromptModels>
{
    private static PromptEncoding Encode(InvokeAI.Core.Models.DiffusionModel model, string prompt, PromptSyntax syntax) =>
        PromptConditioner.Encode(model, ParsedPrompt.Parse(prompt, null, syntax), false, NullRenderObserver.Instance, CancellationToken.None).Prompt;

    [Theory]
    [InlineData("tiny-sd", PromptSyntax.InvokeAI, "fire (ocean)0.5 snow")]
    [InlineData("tiny-sd", PromptSyntax.A1111, "fire (ocean:0.5) snow")]
    [InlineData("tiny-sdxl", PromptSyntax.InvokeAI, "fire (ocean)0.5 snow")]
    public void ARepeatedWeightedPromptRunsNoEncoder(string name, PromptSyntax syntax, string prompt)
    {
        var model = models[name];
        var chunks = EncodingCaches.Of(model).Chunks;
        // The empty chunk first, so the count below is the prompt's own; words no other test uses.
        Encode(model, "", syntax);
        string unique = $"{prompt} {Guid.NewGuid():N}";
        int misses = chunks.Misses;

        var first = Encode(model, unique, syntax);
        // The chunk, and for InvokeAI's lowered word the chunk without it.
        Assert.Equal(misses + (syntax == PromptSyntax.InvokeAI ? 2 : 1), chunks.Misses);

        var again = Encode(model, unique, syntax);
        Assert.Equal(misses + (syntax == PromptSyntax.InvokeAI ? 2 : 1), chunks.Misses);
        Assert.Equal(first.HiddenStates, again.HiddenStates);
        Assert.Equal(first.Pooled, again.Pooled);
    }

    [Fact]
    public void WeightingLeavesTheCachedPlainEncodingAsItWas()
    {
        var model = models["tiny-sd"];
        var plain = Encode(model, "fire ocean snow", PromptSyntax.ComfyUI).HiddenStates.ToArray();
        Encode(model, "(fire:1.5) ocean snow", PromptSyntax.ComfyUI);
        Encode(model, "(fire:1.5) ocean snow", PromptSyntax.A1111);
        Encode(model, "(fire)1.5 ocean snow", PromptSyntax.InvokeAI);
        Assert.Equal(plain, Encode(model, "fire ocean snow", PromptSyntax.ComfyUI).HiddenStates);
    }
}

using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Prompts;
using InvokeAI.Core.Tests.Pipelines;

namespace InvokeAI.Core.Tests.Prompts;

/// <summary>
/// A prompt longer than one chunk is encoded chunk by chunk and laid end to end; prompt and negative are repeated to a
/// common length (a blend's shorter parts are padded with the empty prompt's chunk); BREAK starts a chunk.
/// </summary>
public sealed class LongPromptTests(PromptModels models) : IClassFixture<PromptModels>
{
    public static TheoryData<string> Models => new("demo", "tiny-sd", "tiny-sdxl");

    private static readonly string[] Colours = ["red", "blue", "fire", "ocean", "snow", "grass", "night"];

    /// <summary><paramref name="count"/> colour words in turn, one word piece each, so no two chunks are alike.</summary>
    private static string ColourWords(int count) => string.Join(' ', Enumerable.Range(0, count).Select(i => Colours[i % Colours.Length]));

    private static (PromptEncoding Prompt, PromptEncoding? Negative) Encode(DiffusionModel model, string prompt, PromptSyntax syntax = PromptSyntax.InvokeAI,
        string? negative = null, bool guided = false) =>
        PromptConditioner.Encode(model, ParsedPrompt.Parse(prompt, negative, syntax), guided, NullRenderObserver.Instance, CancellationToken.None);

    [Theory, MemberData(nameof(Models))]
    public void TwoHundredPiecesAreThreeChunksEachEncodedOnItsOwn(string name)
    {
        var model = models[name];
        var hand = new HandEncoder(model);
        var pieces = hand.Pieces(ColourWords(200));
        Assert.Equal(200, pieces.Length);

        var (prompt, _) = Encode(model, ColourWords(200));

        Assert.Equal(3 * 77, prompt.Tokens);
        Close.Equal(HandEncoder.Concat(hand.Join(pieces[..75]), hand.Join(pieces[75..150]), hand.Join(pieces[150..])), prompt.HiddenStates, "hidden state");
        // Not one long run of the encoder, nor the first chunk repeated.
        Close.Differ(hand.Join(pieces[..75]), hand.Join(pieces[75..150]), "the chunks differ");
        if (hand.Pooled(pieces[..75]) is { } pooled) Close.Equal(pooled, prompt.Pooled!, "pooled value");
    }

    [Theory, MemberData(nameof(Models))]
    public void AWordAcrossTheChunkEndGoesWholeToTheNextChunk(string name)
    {
        var model = models[name];
        var hand = new HandEncoder(model);
        var reds = hand.Pieces(string.Join(' ', Enumerable.Repeat("red", 74)));
        var rest = hand.Pieces("hatbox blue");
        Assert.Equal(3, rest.Length);

        var (prompt, _) = Encode(model, string.Join(' ', Enumerable.Repeat("red", 74)) + " hatbox blue");

        Assert.Equal(2 * 77, prompt.Tokens);
        Close.Equal(HandEncoder.Concat(hand.Join(reds), hand.Join(rest)), prompt.HiddenStates, "hidden state");
    }

    [Theory]
    [InlineData("demo", PromptSyntax.InvokeAI)]
    [InlineData("tiny-sd", PromptSyntax.InvokeAI)]
    [InlineData("tiny-sd", PromptSyntax.A1111)]
    [InlineData("tiny-sd", PromptSyntax.ComfyUI)]
    [InlineData("tiny-sdxl", PromptSyntax.A1111)]
    public void PromptAndNegativeAreRepeatedToACommonLength(string name, PromptSyntax syntax)
    {
        var model = models[name];
        var hand = new HandEncoder(model);
        var pieces = hand.Pieces(ColourWords(200));
        var snow = hand.Join(hand.Pieces("snow"));

        // 3 chunks and 1: the negative repeated 3 times, not padded with the empty prompt.
        var (prompt, negative) = Encode(model, ColourWords(200), syntax, negative: "snow", guided: true);
        Assert.Equal((3 * 77, 3 * 77), (prompt.Tokens, negative!.Tokens));
        Close.Equal(HandEncoder.Concat(snow, snow, snow), negative.HiddenStates, "negative hidden state");

        // 2 chunks and 3: both repeated to 6.
        var two = HandEncoder.Concat(hand.Join(pieces[..75]), hand.Join(pieces[75..150]));
        var (twoChunks, threeChunks) = Encode(model, ColourWords(150), syntax, negative: ColourWords(200), guided: true);
        Assert.Equal((6 * 77, 6 * 77), (twoChunks.Tokens, threeChunks!.Tokens));
        Close.Equal(HandEncoder.Concat(two, two, two), twoChunks.HiddenStates, "hidden state");

        // 1 chunk and 5 would need the prompt 5 times: past 4 repeats the shorter is padded with the empty chunk, and a warning says so.
        var observer = new RecordingObserver();
        var (fire, five) = PromptConditioner.Encode(model, ParsedPrompt.Parse("fire", ColourWords(350), syntax), true, observer, CancellationToken.None);
        Assert.Equal((5 * 77, 5 * 77), (fire.Tokens, five!.Tokens));
        var empty = hand.Join(hand.Empty());
        Close.Equal(HandEncoder.Concat(hand.Join(hand.Pieces("fire")), empty, empty, empty, empty), fire.HiddenStates, "padded hidden state");
        Assert.Contains(observer.Warnings, w => w.Contains("padded with the empty prompt"));
    }

    /// <summary>
    /// Why repeating is right for A1111 and ComfyUI: a real UNet's cross-attention over a sequence laid twice end to end
    /// predicts what it predicts over the sequence once, which is what A1111's separate calls at each length compute.
    /// </summary>
    [Fact]
    public void ARealUnetPredictsTheSameFromAConditioningRepeated()
    {
        var model = models["tiny-sd"];
        var hand = new HandEncoder(model);
        var once = hand.Join(hand.Pieces("a red fox in the snow"));
        int width = once.Length / 77;
        const int side = 8;
        var latent = Enumerable.Range(0, 4 * side * side).Select(i => (float)Math.Sin(i * 0.37)).ToArray();
        float[] Predict(float[] hidden)
        {
            var output = new float[latent.Length];
            var conditioning = model.Unet.Condition(1, hidden, hidden.Length / width, width, new Dictionary<string, float[]>());
            model.Unet.Predict(latent, 1, 4, side, side, 500, conditioning, output, CancellationToken.None);
            return output;
        }

        var single = Predict(once);
        Close.Equal(single, Predict(HandEncoder.Concat(once, once)), "prediction", tolerance: 1e-4);
        // Padding with the empty prompt instead changes it.
        Close.Differ(single, Predict(HandEncoder.Concat(once, hand.Join(hand.Empty()))), "padded with the empty prompt");
    }

    [Theory]
    [InlineData("demo", PromptSyntax.InvokeAI)]
    [InlineData("tiny-sd", PromptSyntax.InvokeAI)]
    [InlineData("tiny-sd", PromptSyntax.A1111)]
    [InlineData("tiny-sdxl", PromptSyntax.A1111)]
    public void BreakStartsANewChunk(string name, PromptSyntax syntax)
    {
        var model = models[name];
        var hand = new HandEncoder(model);

        var (prompt, _) = Encode(model, "fire BREAK ocean", syntax);

        Assert.Equal(2 * 77, prompt.Tokens);
        Close.Equal(HandEncoder.Concat(hand.Join(hand.Pieces("fire")), hand.Join(hand.Pieces("ocean"))), prompt.HiddenStates, "hidden state");
        if (hand.Pooled(hand.Pieces("fire")) is { } pooled) Close.Equal(pooled, prompt.Pooled!, "pooled value");
    }

    [Fact]
    public void ComfyUIEncodesBreakAsAWord()
    {
        var model = models["tiny-sd"];
        var hand = new HandEncoder(model);
        var (prompt, _) = Encode(model, "fire BREAK ocean", PromptSyntax.ComfyUI);
        Assert.Equal(77, prompt.Tokens);
        Close.Equal(hand.Join(hand.Pieces("fire BREAK ocean")), prompt.HiddenStates, "hidden state");
    }

    [Theory, MemberData(nameof(Models))]
    public void TheShorterPartOfABlendIsPaddedWithTheEmptyChunk(string name)
    {
        var model = models[name];
        var hand = new HandEncoder(model);
        var pieces = hand.Pieces(ColourWords(100));

        var (prompt, _) = Encode(model, $"(\"{ColourWords(100)}\", \"fire\").blend(1, 1)");

        Assert.Equal(2 * 77, prompt.Tokens);
        Close.Equal(HandEncoder.Concat(
            HandEncoder.Sum((hand.Join(pieces[..75]), 0.5), (hand.Join(hand.Pieces("fire")), 0.5)),
            HandEncoder.Sum((hand.Join(pieces[75..]), 0.5), (hand.Join(hand.Empty()), 0.5))), prompt.HiddenStates, "hidden state");
    }

    /// <summary>A1111 restores each chunk's mean on its own: a weight in the second chunk leaves the first raw.</summary>
    [Theory]
    [InlineData("demo")]
    [InlineData("tiny-sdxl")]
    public void WeightsApplyWithinTheirOwnChunk(string name)
    {
        var model = models[name];
        var hand = new HandEncoder(model);
        var reds = hand.Pieces(string.Join(' ', Enumerable.Repeat("red", 80)));
        var second = reds[75..].Concat(hand.Pieces("blue")).ToArray();
        double[] weights = [.. Enumerable.Repeat(1.0, 5), 1.5];

        var (prompt, _) = Encode(model, string.Join(' ', Enumerable.Repeat("red", 80)) + " (blue:1.5)", PromptSyntax.A1111);

        Assert.Equal(2 * 77, prompt.Tokens);
        Close.Equal(HandEncoder.Concat(hand.Join(reds[..75]), hand.Join(hand.ScaledMeanRestored(hand.Raw(second), weights))),
            prompt.HiddenStates, "hidden state");
    }
}

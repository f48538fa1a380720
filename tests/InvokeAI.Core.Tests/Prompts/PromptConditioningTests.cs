using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Tests.Prompts;

/// <summary>
/// A weighted or blended prompt's conditioning equals what each syntax's method gives when worked out by hand from
/// the raw text encoder outputs: on the demo's lookup-table encoder, SD 1.5's real layout and SDXL's two encoders.
/// </summary>
public sealed class PromptConditioningTests(PromptModels models) : IClassFixture<PromptModels>
{
    public static TheoryData<string> Models => new("demo", "tiny-sd", "tiny-sdxl");

    private static (PromptEncoding Prompt, PromptEncoding? Negative) Encode(DiffusionModel model, string prompt, PromptSyntax syntax,
        string? negative = null, bool guided = false) =>
        PromptConditioner.Encode(model, ParsedPrompt.Parse(prompt, negative, syntax), guided, NullRenderObserver.Instance, CancellationToken.None);

    /// <summary>The conditioning is one chunk equal to <paramref name="expected"/>, and SDXL's pooled embedding is <paramref name="pooled"/>.</summary>
    private static void AssertOneChunk(HandEncoder hand, PromptEncoding actual, float[] expected, float[]? pooled)
    {
        Assert.Equal(hand.Length, actual.Tokens);
        Close.Equal(expected, actual.HiddenStates, "hidden state");
        if (pooled is null) Assert.Null(actual.Pooled);
        else Close.Equal(pooled, actual.Pooled!, "pooled value");
    }

    /// <summary>
    /// On tiny-sd the final layer norm has no bias, so every row sums to about zero and A1111's mean ratio is float
    /// noise (A1111 would get noise too); its check is <see cref="A1111ScalesTheWeightedRowsByOneFactorPerChunk"/>.
    /// </summary>
    [Theory]
    [InlineData("demo")]
    [InlineData("tiny-sdxl")]
    public void A1111ScalesTheWeightedRowsAndRestoresEachEncodersMean(string name)
    {
        var model = models[name];
        var hand = new HandEncoder(model);
        var pieces = hand.Pieces("fire", " ocean", " snow");
        double[] weights = [1.5, 1 / 1.1, 1];
        Assert.All(hand.Raw(pieces), states => Assert.True(Math.Abs(states.Sum(v => (double)v)) > 1e-3 * states.Sum(v => Math.Abs((double)v)),
            "the mean is far enough from zero for its ratio to mean something"));
        var expected = hand.Join(hand.ScaledMeanRestored(hand.Raw(pieces), weights));

        var (prompt, _) = Encode(model, "(fire:1.5) [ocean] snow", PromptSyntax.A1111);

        AssertOneChunk(hand, prompt, expected, hand.Pooled(pieces));
        Close.Differ(hand.Join(pieces), expected, "the weights change the conditioning");
        Close.Differ(hand.Join(Scaled(hand, hand.Raw(pieces), weights)), expected, "the mean restore changes the conditioning");
    }

    [Fact]
    public void A1111ScalesTheWeightedRowsByOneFactorPerChunk()
    {
        var model = models["tiny-sd"];
        var hand = new HandEncoder(model);
        var pieces = hand.Pieces("fire", " ocean", " snow");
        var scaled = Scaled(hand, hand.Raw(pieces), [1.5, 1 / 1.1, 1])[0];

        var (prompt, _) = Encode(model, "(fire:1.5) [ocean] snow", PromptSyntax.A1111);

        // The least-squares factor between them; then every value must agree with it.
        double factor = prompt.HiddenStates.Zip(scaled, (a, s) => (double)a * s).Sum() / scaled.Sum(s => (double)s * s);
        Assert.True(double.IsFinite(factor) && factor != 0);
        Close.Equal(scaled.Select(s => (float)(s * factor)).ToArray(), prompt.HiddenStates, "hidden state");
        Close.Differ(hand.Join(pieces), prompt.HiddenStates, "the weights change the conditioning");
    }

    /// <summary>Each row times its weight, without A1111's mean restore.</summary>
    private static float[][] Scaled(HandEncoder hand, float[][] raw, double[] pieceWeights)
    {
        var weights = hand.TokenWeights(pieceWeights);
        return raw.Select(states => states.Select((v, i) => (float)(v * weights[i / (states.Length / hand.Length)])).ToArray()).ToArray();
    }

    [Theory]
    [InlineData("demo", "(fire)1.5 ocean", 1.5)]
    [InlineData("tiny-sd", "(fire)1.5 ocean", 1.5)]
    [InlineData("tiny-sdxl", "(fire)1.5 ocean", 1.5)]
    [InlineData("tiny-sd", "fire+ ocean", 1.1)]
    [InlineData("tiny-sd", "fire++ ocean", 1.21)]
    public void InvokeAIMovesAnUpWeightedWordAwayFromTheEmptyPrompt(string name, string text, double weight)
    {
        var model = models[name];
        var hand = new HandEncoder(model);
        var pieces = hand.Pieces("fire", " ocean");
        var expected = hand.Join(hand.FromEmpty(hand.Raw(pieces), [weight, 1]));

        var (prompt, _) = Encode(model, text, PromptSyntax.InvokeAI);

        AssertOneChunk(hand, prompt, expected, hand.Pooled(pieces));
        Close.Differ(hand.Join(pieces), expected, "the weight changes the conditioning");
    }

    [Theory]
    [InlineData("demo", "fire ocean-", 0.9)]
    [InlineData("tiny-sd", "fire ocean-", 0.9)]
    [InlineData("tiny-sdxl", "fire ocean-", 0.9)]
    [InlineData("tiny-sd", "fire (ocean)0.5", 0.5)]
    public void InvokeAILeansADownWeightedWordTowardThePromptWithoutIt(string name, string text, double weight)
    {
        var model = models[name];
        var hand = new HandEncoder(model);
        var pieces = hand.Pieces("fire ", "ocean");
        var weighted = hand.FromEmpty(hand.Raw(pieces), [1, weight]);
        var without = hand.Raw(hand.Pieces("fire "));
        var expected = hand.Join(HandEncoder.Average((weighted, 1), (without, HandEncoder.Lean(weight))));

        var (prompt, _) = Encode(model, text, PromptSyntax.InvokeAI);

        // Pooled stays the raw chunk's: neither weights nor the lean reach it.
        AssertOneChunk(hand, prompt, expected, hand.Pooled(pieces));
        Close.Differ(hand.Join(weighted), expected, "the lean toward the prompt without the word changes the conditioning");
    }

    [Theory, MemberData(nameof(Models))]
    public void InvokeAIRemovesEachDownWeightedWordApartKeepingTheOthersWeights(string name)
    {
        var model = models[name];
        var hand = new HandEncoder(model);
        var all = hand.Raw(hand.Pieces("fire", " ", "ocean", " snow"));
        var withoutFire = hand.FromEmpty(hand.Raw(hand.Pieces(" ", "ocean", " snow")), [0.5, 1]);
        var withoutOcean = hand.FromEmpty(hand.Raw(hand.Pieces("fire", " ", " snow")), [0.8, 1]);
        var expected = hand.Join(HandEncoder.Average(
            (hand.FromEmpty(all, [0.8, 0.5, 1]), 1),
            (withoutFire, HandEncoder.Lean(0.8)),
            (withoutOcean, HandEncoder.Lean(0.5))));

        var (prompt, _) = Encode(model, "(fire)0.8 (ocean)0.5 snow", PromptSyntax.InvokeAI);

        AssertOneChunk(hand, prompt, expected, hand.Pooled(hand.Pieces("fire ocean snow")));
    }

    [Theory, MemberData(nameof(Models))]
    public void ComfyUIMovesEveryWeightedWordFromTheEmptyPromptAndLeansNothing(string name)
    {
        var model = models[name];
        var hand = new HandEncoder(model);
        var pieces = hand.Pieces("fire", " ", "ocean", " snow");
        var expected = hand.Join(hand.FromEmpty(hand.Raw(pieces), [1.3, 0.5, 1]));

        var (prompt, _) = Encode(model, "(fire:1.3) (ocean:0.5) snow", PromptSyntax.ComfyUI);

        AssertOneChunk(hand, prompt, expected, hand.Pooled(pieces));
        Close.Differ(hand.Join(pieces), expected, "the weights change the conditioning");
    }

    [Theory, MemberData(nameof(Models))]
    public void ALegacyBlendIsTheWeightedSumOfItsPrompts(string name)
    {
        var model = models[name];
        var hand = new HandEncoder(model);
        var fire = hand.Pieces("fire");
        var ocean = hand.Pieces("ocean");
        var expected = HandEncoder.Sum((hand.Join(fire), 0.7), (hand.Join(ocean), 0.3));

        var (prompt, _) = Encode(model, "fire:0.7 ocean:0.3", PromptSyntax.InvokeAI);

        var pooled = hand.Pooled(fire) is { } firePooled ? HandEncoder.Sum((firePooled, 0.7), (hand.Pooled(ocean)!, 0.3)) : null;
        AssertOneChunk(hand, prompt, expected, pooled);
        Close.Differ(hand.Join(fire), expected, "the blend is not its first prompt");
    }

    [Theory, MemberData(nameof(Models))]
    public void ANegativeBlendWeightSubtractsThatPrompt(string name)
    {
        var model = models[name];
        var hand = new HandEncoder(model);
        // 1 and −0.5 normalised by their sum 0.5: 2 and −1.
        var expected = HandEncoder.Sum((hand.Join(hand.Pieces("fire")), 2), (hand.Join(hand.Pieces("ocean")), -1));

        var (prompt, _) = Encode(model, "fire:1 ocean:-0.5", PromptSyntax.InvokeAI);

        var pooled = hand.Pooled(hand.Pieces("fire")) is { } firePooled ? HandEncoder.Sum((firePooled, 2), (hand.Pooled(hand.Pieces("ocean"))!, -1)) : null;
        AssertOneChunk(hand, prompt, expected, pooled);
    }

    [Theory, MemberData(nameof(Models))]
    public void ABlendCallWeighsItsPromptsEachWeightedInside(string name)
    {
        var model = models[name];
        var hand = new HandEncoder(model);
        var fire = hand.Pieces("fire");
        var oceanSnow = hand.Pieces("ocean snow");
        var expected = HandEncoder.Sum((hand.Join(hand.FromEmpty(hand.Raw(fire), [1.1])), 0.75), (hand.Join(oceanSnow), 0.25));

        var (prompt, _) = Encode(model, "(\"fire+\", \"ocean snow\").blend(3, 1)", PromptSyntax.InvokeAI);

        var pooled = hand.Pooled(fire) is { } firePooled ? HandEncoder.Sum((firePooled, 0.75), (hand.Pooled(oceanSnow)!, 0.25)) : null;
        AssertOneChunk(hand, prompt, expected, pooled);
    }

    [Theory, MemberData(nameof(Models))]
    public void BracketedWordsAreTheNegativePromptFollowedByTheGivenOne(string name)
    {
        var model = models[name];
        var hand = new HandEncoder(model);

        var (prompt, negative) = Encode(model, "fire [ocean]", PromptSyntax.InvokeAI, negative: "snow", guided: true);

        AssertOneChunk(hand, prompt, hand.Join(hand.Pieces("fire")), hand.Pooled(hand.Pieces("fire")));
        AssertOneChunk(hand, negative!, hand.Join(hand.Pieces("ocean", "snow")), hand.Pooled(hand.Pieces("ocean", "snow")));
        Close.Differ(hand.Join(hand.Pieces("fire")), hand.Join(hand.Pieces("fire", "ocean")), "the bracketed word left the prompt");
    }

    [Theory, MemberData(nameof(Models))]
    public void AnEmptyNegativePromptIsTheEmptyChunkOrZerosWhereTheModelAsks(string name)
    {
        var model = models[name];
        var hand = new HandEncoder(model);

        var (_, negative) = Encode(model, "fire", PromptSyntax.InvokeAI, guided: true);
        var (_, unguided) = Encode(model, "fire", PromptSyntax.InvokeAI, guided: false);

        Assert.Null(unguided);
        Assert.Equal(name == "tiny-sdxl", model.ZerosForEmptyNegativePrompt);
        if (model.ZerosForEmptyNegativePrompt)
            AssertOneChunk(hand, negative!, new float[hand.Join(hand.Empty()).Length], new float[hand.Pooled([])!.Length]);
        else
            AssertOneChunk(hand, negative!, hand.Join(hand.Empty()), hand.Pooled([]));
    }

    [Theory]
    [InlineData(PromptSyntax.InvokeAI, "(fire)1.5 ocean")]
    [InlineData(PromptSyntax.A1111, "(fire:1.5) ocean")]
    [InlineData(PromptSyntax.ComfyUI, "(fire:1.5) ocean")]
    public void AWeightedPromptIsNotConditionedLikeThePlainOne(PromptSyntax syntax, string text)
    {
        var model = models["tiny-sd"];
        var (weighted, _) = Encode(model, text, syntax);
        var (plain, _) = Encode(model, "fire ocean", syntax);
        Close.Differ(plain.HiddenStates, weighted.HiddenStates, "the weight is applied");
    }

    [Fact]
    public void TheSyntaxesWeighDifferently()
    {
        var model = models["tiny-sd"];
        var (a1111, _) = Encode(model, "(fire:1.5) ocean", PromptSyntax.A1111);
        var (comfy, _) = Encode(model, "(fire:1.5) ocean", PromptSyntax.ComfyUI);
        var (invokeLow, _) = Encode(model, "(fire)0.5 ocean", PromptSyntax.InvokeAI);
        var (comfyLow, _) = Encode(model, "(fire:0.5) ocean", PromptSyntax.ComfyUI);
        Close.Differ(a1111.HiddenStates, comfy.HiddenStates, "A1111 restores the mean; ComfyUI moves from the empty prompt");
        Close.Differ(invokeLow.HiddenStates, comfyLow.HiddenStates, "InvokeAI leans a lowered word toward the prompt without it; ComfyUI does not");
    }
}

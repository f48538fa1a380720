using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Tests.Prompts;

/// <summary>
/// The three prompt languages as tables: prompt → spans (text, weight), sub-prompts with their blend weights, negative
/// prompts and BREAKs, including each tool's own documented examples; and every mistake stopping with its column.
/// </summary>
public sealed class PromptParserTests
{
    /// <summary>Spans written compactly: "text@weight", and "|" for BREAK.</summary>
    private static string[] Show(IReadOnlyList<PromptSpan> spans) =>
        spans.Select(s => s.IsBreak ? "|" : $"{s.Text}@{Math.Round(s.Weight, 4).ToString(System.Globalization.CultureInfo.InvariantCulture)}").ToArray();

    private static string[] PromptOf(string prompt, PromptSyntax syntax) =>
        Show(ParsedPrompt.Parse(prompt, null, syntax).Prompt.Single().Spans);

    // parse_prompt_attention's docstring, A1111's own examples. Its "(unbalanced" and
    // "a (((house:1.3)) ..." leave a bracket open, which A1111 applies to the end and this reader refuses (below); the
    // second is given here closed at the end, where A1111's answer is the same.
    public static TheoryData<string, string[]> A1111Examples() => new()
    {
        { "normal text", ["normal text@1"] },
        { "an (important) word", ["an @1", "important@1.1", " word@1"] },
        { @"\(literal\]", ["(literal]@1"] },
        { "(unnecessary)(parens)", ["unnecessaryparens@1.1"] },
        {
            "a (((house:1.3)) [on] a (hill:0.5), sun, (((sky))).)",
            ["a @1", "house@1.573", " @1.1", "on@1", " a @1.1", "hill@0.55", ", sun, @1.1", "sky@1.4641", ".@1.1"]
        },
        // The wiki's emphasis section.
        { "a (word)", ["a @1", "word@1.1"] },
        { "a ((word))", ["a @1", "word@1.21"] },
        { "a [word]", ["a @1", "word@0.9091"] },
        { "a (word:1.5)", ["a @1", "word@1.5"] },
        { "a (word:0.25)", ["a @1", "word@0.25"] },
        { @"a \(word\)", ["a (word)@1"] },
        { "((a:1.5))", ["a@1.65"] },
        { "(a: 1.2 )", ["a@1.2"] },
        { "(a:-1)", ["a@-1"] },
        { "16:9 ratio", ["16:9 ratio@1"] },
        { "(time: noon)", ["time: noon@1.1"] },
        { @"a\b", ["ab@1"] },
        { "a cat BREAK a dog", ["a cat@1", "|", "a dog@1"] },
        { "BREAKFAST", ["BREAKFAST@1"] },
        { "a | b, (c|d)", ["a | b, @1", "c|d@1.1"] },
        // Prompt editing needs a number before its ']'; without one a colon is text.
        { "[photo: landscape]", ["photo: landscape@0.9091"] },
        { "(ratio 16:9 image)", ["ratio 16:9 image@1.1"] },
        { "(aspect ratio:16:9)", ["aspect ratio:16@9"] },
        // Escaped, ':' and '|' are text to A1111's prompt editing.
        { @"[a\|b]", ["a|b@0.9091"] },
        { @"[time 10\:30]", ["time 10:30@0.9091"] },
        { "[a (b:1.2)]", ["a @0.9091", "b@1.0909"] },
        { "", [] },
    };

    [Theory]
    [MemberData(nameof(A1111Examples))]
    public void A1111ReadsAsItsOwnParserDoes(string prompt, string[] spans) =>
        Assert.Equal(spans, PromptOf(prompt, PromptSyntax.A1111));

    public static TheoryData<string, string[]> ComfyUIExamples() => new()
    {
        { "a (word)", ["a @1", "word@1.1"] },
        { "a (word:1.5)", ["a @1", "word@1.5"] },
        // The number replaces the weight around it.
        { "((a:1.5))", ["a@1.5"] },
        { "((a))", ["a@1.21"] },
        { "(b (a):1.5)", ["b @1.5", "a@1.65"] },
        // Square brackets and BREAK are text.
        { "a [word]", ["a [word]@1"] },
        { "a BREAK b", ["a BREAK b@1"] },
        { @"\(x\)", ["(x)@1"] },
        { "(style: oil)", ["style: oil@1.1"] },
        { "(a (b:1.2))", ["a @1.1", "b@1.2"] },
        // Python's float() reads the weight.
        { "(a:1_0)", ["a@10"] },
        { "(a: 1e-1 )", ["a@0.1"] },
    };

    [Theory]
    [MemberData(nameof(ComfyUIExamples))]
    public void ComfyUIReadsAsItsTokenWeightsDoes(string prompt, string[] spans) =>
        Assert.Equal(spans, PromptOf(prompt, PromptSyntax.ComfyUI));

    // InvokeAI 2.2+ (compel) syntax: its reference's examples.
    public static TheoryData<string, string[]> InvokeAIAttentionExamples() => new()
    {
        { "a tall thin man picking apricots+", ["a tall thin man picking @1", "apricots@1.1"] },
        { "a tall thin man picking (apricots)+", ["a tall thin man picking @1", "apricots@1.1"] },
        { "a tall thin man (picking apricots)-", ["a tall thin man @1", "picking apricots@0.9"] },
        { "a tall thin man (picking apricots)++", ["a tall thin man @1", "picking apricots@1.21"] },
        { "a tall thin man (picking apricots+)++", ["a tall thin man @1", "picking @1.21", "apricots@1.331"] },
        { "a tall thin man picking (apricots)1.1", ["a tall thin man picking @1", "apricots@1.1"] },
        { "a tall thin man (picking (apricots)1.3)1.1", ["a tall thin man @1", "picking @1.1", "apricots@1.43"] },
        { "a man picking apricots--- from a tree", ["a man picking @1", "apricots@0.729", " from a tree@1"] },
        { "mountain+ man", ["mountain@1.1", " man@1"] },
        { "(a).5", ["a@0.5"] },
        // Bare parentheses only group; signs inside a word are text.
        { "(a castle)", ["a castle@1"] },
        { "an x-ray, well-known+", ["an x-ray, @1", "well-known@1.1"] },
        { "C++ code", ["C@1.21", " code@1"] },
        { "version 1.5+ model", ["version @1", "1.5@1.1", " model@1"] },
        // A sign after a group's weight is text, not a weight on the number.
        { "(a)1.5-", ["a@1.5", "-@1"] },
        { @"\(a\)1.2 \+ b\:c", ["(a)1.2 + b:c@1"] },
        { "(a castle). Then", ["a castle. Then@1"] },
        // BREAK takes the spaces around it, as in A1111.
        { "a BREAK b", ["a@1", "|", "b@1"] },
    };

    [Theory]
    [MemberData(nameof(InvokeAIAttentionExamples))]
    public void InvokeAIReadsCompelsAttentionSyntax(string prompt, string[] spans) =>
        Assert.Equal(spans, PromptOf(prompt, PromptSyntax.InvokeAI));

    // InvokeAI 2.x's blends: sub-prompt text and its normalised weight.
    public static TheoryData<string, string[]> InvokeAIBlends() => new()
    {
        { "a forest:0.7 a city:0.3", ["a forest@0.7", "a city@0.3"] },
        { "fire:2 ice:2", ["fire@0.5", "ice@0.5"] },
        { "castle:1 moat:-0.5", ["castle@2", "moat@-1"] },
        // A ':' without a number is a sub-prompt of weight 1, as InvokeAI 2.x reads it.
        { "photo: a cat", ["photo@0.5", "a cat@0.5"] },
        { "fire::0.25 ice", ["fire@0.2", "ice@0.8"] },
        { "a forest:0.7", ["a forest@1"] },
        { "(red)1.2 fox:0.5 snow:0.5", ["red|fox@0.5", "snow@0.5"] },
        { "(\"spider man\", \"robot mech\").blend(1, 0.8)", ["spider man@0.5556", "robot mech@0.4444"] },
        { "(\"a\", \"b\").blend(0.5, 0.5, no_normalize)", ["a@0.5", "b@0.5"] },
        { "(\"a\", \"b\").blend(2, 2, no_normalize)", ["a@2", "b@2"] },
        { "(\"a+\", \"b: c\").blend(1, 1)", ["a@0.5", "b: c@0.5"] },
    };

    [Theory]
    [MemberData(nameof(InvokeAIBlends))]
    public void InvokeAIBlendsNormaliseTheirWeights(string prompt, string[] parts)
    {
        var parsed = ParsedPrompt.Parse(prompt, null, PromptSyntax.InvokeAI);
        Assert.Equal(parts, parsed.Prompt.Select(p =>
            string.Join("|", p.Spans.Select(s => s.Text.Trim())) + "@" + Math.Round(p.Weight, 4).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    [Fact]
    public void TheWeightsOfAnInvokeAIBlendThatSumToZeroBecomeEqualWithAWarning()
    {
        var parsed = ParsedPrompt.Parse("fire:1 ice:-1", null, PromptSyntax.InvokeAI);
        Assert.Equal([0.5, 0.5], parsed.Prompt.Select(p => p.Weight));
        Assert.Contains(parsed.Warnings, w => w.Contains("zero"));
    }

    [Fact]
    public void AColonWithoutAWeightWarnsThatItBlends()
    {
        Assert.Contains(ParsedPrompt.Parse("photo: a cat", null, PromptSyntax.InvokeAI).Warnings, w => w.Contains("column 6") && w.Contains(@"\:"));
        Assert.Empty(ParsedPrompt.Parse("a forest:0.7 a city:0.3", null, PromptSyntax.InvokeAI).Warnings);
        Assert.Empty(ParsedPrompt.Parse(@"photo\: a cat", null, PromptSyntax.InvokeAI).Warnings);
    }

    [Fact]
    public void A1111sAndWarnsThatItIsReadAsAWord()
    {
        Assert.Contains(ParsedPrompt.Parse("a cat AND a dog", null, PromptSyntax.A1111).Warnings, w => w.Contains("composable"));
        Assert.Empty(ParsedPrompt.Parse("a cat and a dog, ANDROID", null, PromptSyntax.A1111).Warnings);
    }

    [Fact]
    public void TheWeightedWordsOfABlendKeepTheirWeights()
    {
        var parts = ParsedPrompt.Parse("(red)1.2 fox:0.5 snow:0.5", null, PromptSyntax.InvokeAI).Prompt;
        Assert.Equal(["red@1.2", " fox@1"], Show(parts[0].Spans));
    }

    [Theory]
    [InlineData("a castle [blurry, low quality]", null, "a castle", new[] { "blurry, low quality@1" })]
    [InlineData("a [foggy] castle [blurry]", "ugly", "a castle", new[] { "foggy@1", " @1", "blurry@1", " @1", "ugly@1" })]
    [InlineData("a castle", "blurry", "a castle", new[] { "blurry@1" })]
    [InlineData("a castle [(blurry)1.3]", null, "a castle", new[] { "blurry@1.3" })]
    [InlineData(@"a \[castle\]", null, "a [castle]", new string[0])]
    public void InvokeAIsSquareBracketsJoinTheNegativePrompt(string prompt, string? negative, string positive, string[] negativeSpans)
    {
        var parsed = ParsedPrompt.Parse(prompt, negative, PromptSyntax.InvokeAI);
        // The brackets are blanked, so the columns of what follows still count in the prompt as written.
        Assert.Equal(positive, string.Join(" ", string.Concat(parsed.Prompt.Single().Spans.Select(s => s.Text)).Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(negativeSpans, Show(parsed.Negative.Single().Spans));
    }

    [Fact]
    public void ANegativeBlendIsTheWholeNegativePrompt()
    {
        var parsed = ParsedPrompt.Parse("a castle", "(\"fog\", \"rain\").blend(3, 1)", PromptSyntax.InvokeAI);
        Assert.Equal([0.75, 0.25], parsed.Negative.Select(p => p.Weight));
        // A negative prompt's ':' is text: legacy blends are the prompt's alone, as InvokeAI 2.x reads them.
        Assert.Equal(["fog:0.5 rain@1"], Show(ParsedPrompt.Parse("a", "fog:0.5 rain", PromptSyntax.InvokeAI).Negative.Single().Spans));
    }

    [Theory]
    [InlineData("(a:1.3) b", PromptSyntax.A1111, new[] { "a@1.3", " b@1" })]
    [InlineData("[a] b", PromptSyntax.A1111, new[] { "a@0.9091", " b@1" })]
    [InlineData("[a] b", PromptSyntax.ComfyUI, new[] { "[a] b@1" })]
    public void ANegativePromptIsReadInItsSyntaxToo(string negative, PromptSyntax syntax, string[] spans) =>
        Assert.Equal(spans, Show(ParsedPrompt.Parse("x", negative, syntax).Negative.Single().Spans));

    // Every mistake names its column (1-based) in the text as written, and which prompt holds it.
    [Theory]
    [InlineData(PromptSyntax.InvokeAI, "a (castle", null, PromptRole.Prompt, 3)]
    [InlineData(PromptSyntax.InvokeAI, "a castle)", null, PromptRole.Prompt, 9)]
    [InlineData(PromptSyntax.InvokeAI, "a [blurry", null, PromptRole.Prompt, 3)]
    [InlineData(PromptSyntax.InvokeAI, "a ]x", null, PromptRole.Prompt, 3)]
    [InlineData(PromptSyntax.InvokeAI, "a [b [c]]", null, PromptRole.Prompt, 6)]
    [InlineData(PromptSyntax.InvokeAI, "(a)1.2.3", null, PromptRole.Prompt, 4)]
    [InlineData(PromptSyntax.InvokeAI, "(a)1.5x", null, PromptRole.Prompt, 4)]
    [InlineData(PromptSyntax.InvokeAI, "fire:.5 ice", null, PromptRole.Prompt, 6)]
    [InlineData(PromptSyntax.InvokeAI, "fire:0.5.5 ice", null, PromptRole.Prompt, 6)]
    [InlineData(PromptSyntax.InvokeAI, "(word:1.3) b", null, PromptRole.Prompt, 1)]
    [InlineData(PromptSyntax.InvokeAI, "(\"a\", \"b\").blend(0.5)", null, PromptRole.Prompt, 11)]
    [InlineData(PromptSyntax.InvokeAI, "(\"a\", \"b\").blend(0.5, x)", null, PromptRole.Prompt, 23)]
    [InlineData(PromptSyntax.InvokeAI, "(\"a\", \"b\").blend(1, -1)", null, PromptRole.Prompt, 11)]
    [InlineData(PromptSyntax.InvokeAI, "(\"a\", \"b).blend(1, 1)", null, PromptRole.Prompt, 7)]
    [InlineData(PromptSyntax.InvokeAI, "(\"a\", \"b\").blend(1, 1) more", null, PromptRole.Prompt, 24)]
    [InlineData(PromptSyntax.InvokeAI, "(\"a\", \"b\").and()", null, PromptRole.Prompt, 11)]
    [InlineData(PromptSyntax.InvokeAI, "fine", "blur (x", PromptRole.Negative, 6)]
    [InlineData(PromptSyntax.InvokeAI, "fine [a (b]", null, PromptRole.Prompt, 9)]
    [InlineData(PromptSyntax.A1111, "(unbalanced", null, PromptRole.Prompt, 1)]
    [InlineData(PromptSyntax.A1111, "a (((house:1.3)) [on] a (hill:0.5), sun, (((sky))).", null, PromptRole.Prompt, 3)]
    [InlineData(PromptSyntax.A1111, "a)", null, PromptRole.Prompt, 2)]
    [InlineData(PromptSyntax.A1111, "[a", null, PromptRole.Prompt, 1)]
    [InlineData(PromptSyntax.A1111, "a]", null, PromptRole.Prompt, 2)]
    [InlineData(PromptSyntax.A1111, "(a:1.2.3)", null, PromptRole.Prompt, 4)]
    [InlineData(PromptSyntax.A1111, "(a:)", null, PromptRole.Prompt, 3)]
    [InlineData(PromptSyntax.A1111, "b:1.2)", null, PromptRole.Prompt, 2)]
    [InlineData(PromptSyntax.A1111, "fine", "((ugly)", PromptRole.Negative, 1)]
    [InlineData(PromptSyntax.A1111, "[fire:ocean:0.5]", null, PromptRole.Prompt, 6)]
    [InlineData(PromptSyntax.A1111, "a [fire:10] b", null, PromptRole.Prompt, 8)]
    [InlineData(PromptSyntax.A1111, "[a:b:-1]", null, PromptRole.Prompt, 3)]
    [InlineData(PromptSyntax.A1111, "[a:b:1e3]", null, PromptRole.Prompt, 3)]
    [InlineData(PromptSyntax.A1111, "([a:1.2)]", null, PromptRole.Prompt, 4)]
    [InlineData(PromptSyntax.A1111, "(a:1e-1)", null, PromptRole.Prompt, 4)]
    [InlineData(PromptSyntax.ComfyUI, "(a:inf)", null, PromptRole.Prompt, 4)]
    [InlineData(PromptSyntax.ComfyUI, "(a:-NaN)", null, PromptRole.Prompt, 4)]
    [InlineData(PromptSyntax.A1111, "a (word:1,5)", null, PromptRole.Prompt, 9)]
    [InlineData(PromptSyntax.A1111, "(a BREAK b:1.2)", null, PromptRole.Prompt, 4)]
    [InlineData(PromptSyntax.A1111, "(word:1.3x)", null, PromptRole.Prompt, 7)]
    [InlineData(PromptSyntax.A1111, "(word: +)", null, PromptRole.Prompt, 8)]
    [InlineData(PromptSyntax.ComfyUI, "(a:nan)", null, PromptRole.Prompt, 4)]
    [InlineData(PromptSyntax.ComfyUI, "(a:Infinity)", null, PromptRole.Prompt, 4)]
    [InlineData(PromptSyntax.InvokeAI, "a (cat)-0.5", null, PromptRole.Prompt, 8)]
    [InlineData(PromptSyntax.A1111, "a [cow|horse]", null, PromptRole.Prompt, 7)]
    [InlineData(PromptSyntax.A1111, "(a [b) c]", null, PromptRole.Prompt, 6)]
    [InlineData(PromptSyntax.ComfyUI, "(a", null, PromptRole.Prompt, 1)]
    [InlineData(PromptSyntax.ComfyUI, "a)", null, PromptRole.Prompt, 2)]
    [InlineData(PromptSyntax.ComfyUI, "(a:1.2x)", null, PromptRole.Prompt, 4)]
    public void AMistakeNamesItsColumn(PromptSyntax syntax, string prompt, string? negative, PromptRole role, int column)
    {
        var e = Assert.Throws<PromptSyntaxException>(() => ParsedPrompt.Parse(prompt, negative, syntax));
        Assert.Equal((role, column), (e.Role, e.Column));
        Assert.Contains($"column {column}", e.Message);
        Assert.Equal(role == PromptRole.Negative ? negative : prompt, e.Text);
    }

    [Fact]
    public void AnErrorPointsAtItsColumnUnderTheText()
    {
        var e = Assert.Throws<PromptSyntaxException>(() => ParsedPrompt.Parse("a (castle", null, PromptSyntax.InvokeAI));
        var lines = e.Message.Split(Environment.NewLine);
        Assert.Equal("  a (castle", lines[^2]);
        Assert.Equal("    ^", lines[^1]);
    }

    [Theory]
    [InlineData("a castle", PromptSyntax.InvokeAI, "Prompt (InvokeAI syntax): \"a castle\"")]
    [InlineData("a (castle:1.2) [fog]", PromptSyntax.A1111, "Prompt (A1111 syntax): \"a (castle:1.2) (fog:0.909)\"")]
    [InlineData("a castle [blurry][ugly]", PromptSyntax.InvokeAI, "Prompt (InvokeAI syntax): \"a castle\"; negative: \"blurry ugly\"")]
    [InlineData("fire:0.7 ice:0.3 [fog]", PromptSyntax.InvokeAI, "Prompt (InvokeAI syntax): a blend of 2: 0.7 × \"fire\" + 0.3 × \"ice\"; negative: \"fog\"")]
    public void VerboseSaysWhatWasRead(string prompt, PromptSyntax syntax, string described) =>
        Assert.Equal(described, ParsedPrompt.Parse(prompt, null, syntax).Describe());
}

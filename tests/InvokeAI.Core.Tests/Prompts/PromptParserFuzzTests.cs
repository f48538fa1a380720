using InvokeAI.Core.Prompts;
using InvokeAI.Core.Tests.Tokenization;
using InvokeAI.Core.Tokenization;

namespace InvokeAI.Core.Tests.Prompts;

/// <summary>
/// Whatever is typed, a prompt is read or refused with a <see cref="PromptSyntaxException"/>: no other exception may
/// reach a cmdlet, and what is read tokenizes. Random text over every character the three syntaxes give meaning to.
/// </summary>
public sealed class PromptParserFuzzTests
{
    // The bracket characters come often, so their orders (crossed, nested, weighted) are all met.
    private static readonly string[] Syntax = ["(", ")", "[", "]", ":", "1", "a", " ", "\\", "|", "-"];

    private static readonly string[] Pieces =
    [
        "(", ")", "[", "]", ":", "\\", "|", "+", "-", ".", ",", "\"", " ", "1", "0.5", "1e3", "-2", "BREAK", " BREAK ", "AND",
        ".blend(", ".and(", "no_normalize", "fire", "ocean", "a", "nan", "inf", "_", "\n", "×",
    ];

    [Theory]
    [InlineData(PromptSyntax.InvokeAI)]
    [InlineData(PromptSyntax.A1111)]
    [InlineData(PromptSyntax.ComfyUI)]
    public void AnyTextIsReadOrRefusedWithItsColumn(PromptSyntax syntax)
    {
        var random = new Random(12 + (int)syntax);
        ClipTokenizer tokenizer = SharedClipTokenizer.Instance;
        int read = 0;
        string Next() => random.Next(3) == 0 ? Pieces[random.Next(Pieces.Length)] : Syntax[random.Next(Syntax.Length)];
        for (int n = 0; n < 40_000; n++)
        {
            string prompt = string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => Next()));
            string negative = random.Next(4) == 0 ? string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => Pieces[random.Next(Pieces.Length)])) : "";
            try
            {
                var parsed = ParsedPrompt.Parse(prompt, negative, syntax);
                PromptToken.From(tokenizer, parsed, null, out _);
                parsed.Describe();
                read++;
            }
            catch (PromptSyntaxException e)
            {
                string text = e.Role == PromptRole.Negative ? negative : prompt;
                Assert.InRange(e.Column, 1, text.Length + 1);
            }
            catch (Exception e)
            {
                Assert.Fail($"{syntax} prompt \"{prompt}\" (negative \"{negative}\") threw {e.GetType().Name}: {e.Message}");
            }
        }
        // The text is not all refused: the test reads as well as it refuses.
        Assert.InRange(read, 1000, 39_000);
    }

    /// <summary>Every order of up to six bracket-language tokens: the crossed and half-closed ones random text rarely meets.</summary>
    [Theory]
    [InlineData(PromptSyntax.InvokeAI)]
    [InlineData(PromptSyntax.A1111)]
    [InlineData(PromptSyntax.ComfyUI)]
    public void EveryShortBracketSequenceIsReadOrRefused(PromptSyntax syntax)
    {
        string[] tokens = ["(", ")", "[", "]", ":1", ":", "a", "|", "\\"];
        var prompt = new System.Text.StringBuilder();
        void Visit(int depth)
        {
            try
            {
                ParsedPrompt.Parse(prompt.ToString(), null, syntax);
            }
            catch (PromptSyntaxException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"{syntax} prompt \"{prompt}\" threw {e.GetType().Name}: {e.Message}");
            }
            if (depth == 6) return;
            foreach (string token in tokens)
            {
                prompt.Append(token);
                Visit(depth + 1);
                prompt.Length -= token.Length;
            }
        }
        Visit(0);
    }
}

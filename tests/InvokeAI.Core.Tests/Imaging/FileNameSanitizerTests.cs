using InvokeAI.Core.Imaging.Naming;

namespace InvokeAI.Core.Tests.Imaging;

public sealed class FileNameSanitizerTests
{
    [Theory]
    [InlineData("house", "house")]
    [InlineData("a/b", "a_b")]
    [InlineData("a\\b", "a_b")]
    [InlineData("C:", "C_")]
    [InlineData("..", "..")]            // dots stay: a value is never a whole path, and escapes are caught later
    [InlineData("tab\there", "tab_here")]
    [InlineData("über café", "über café")]
    public void ReplacesWhatNoPlatformAllowsInAName(string value, string expected) =>
        Assert.Equal(expected, FileNameSanitizer.Clean(value));

    [Theory]
    [InlineData("tree on a hill,  national\ngeographic", "tree on a hill, national geographic")]
    [InlineData("  fire...  ", "fire")]
    [InlineData("", "untitled")]
    [InlineData(null, "untitled")]
    [InlineData("...", "untitled")]
    [InlineData("what? why/how", "what_ why_how")]
    public void APromptBecomesAShortReadableName(string? prompt, string expected) =>
        Assert.Equal(expected, FileNameSanitizer.Prompt(prompt));

    [Fact]
    public void ALongPromptIsCutWithoutSplittingACharacter()
    {
        string prompt = new string('a', FileNameSanitizer.MaxPromptLength - 1) + "😀 and more";
        string name = FileNameSanitizer.Prompt(prompt);
        Assert.Equal(new string('a', FileNameSanitizer.MaxPromptLength - 1), name);
        Assert.Equal(FileNameSanitizer.MaxPromptLength, FileNameSanitizer.Prompt(new string('b', 200)).Length);
    }
}

namespace InvokeAI.Core.Prompts;

/// <summary>
/// A prompt its syntax cannot read: an unbalanced bracket, a malformed weight or blend. Names the column (1-based) in
/// the text the user wrote, so the mistake can be found, and never lets the text through as literal words.
/// </summary>
public sealed class PromptSyntaxException : FormatException
{
    public PromptSyntaxException(PromptRole role, string text, int column, string problem, PromptSyntax syntax)
        : base($"The {Describe(role)} cannot be read in {syntax} syntax: at column {column}, {problem}{Pointer(text, column)}")
    {
        Role = role;
        Text = text;
        Column = column;
        Problem = problem;
        Syntax = syntax;
    }

    /// <summary>Which text holds the mistake: -Prompt or -NegativePrompt.</summary>
    public PromptRole Role { get; }

    public string Text { get; }

    /// <summary>1-based position of the mistake in <see cref="Text"/>.</summary>
    public int Column { get; }

    public string Problem { get; }

    public PromptSyntax Syntax { get; }

    private static string Describe(PromptRole role) => role == PromptRole.Negative ? "negative prompt" : "prompt";

    /// <summary>The text around the column with a caret under it, on two lines, when the text is one line.</summary>
    private static string Pointer(string text, int column)
    {
        if (text.Contains('\n') || text.Length > 160) return "";
        return $"{Environment.NewLine}  {text}{Environment.NewLine}  {new string(' ', Math.Max(0, column - 1))}^";
    }
}

/// <summary>Which of a render's two prompts a token or a mistake belongs to.</summary>
public enum PromptRole
{
    Prompt,
    Negative,
}

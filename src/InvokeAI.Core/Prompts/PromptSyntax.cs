namespace InvokeAI.Core.Prompts;

/// <summary>
/// Whose prompt language a prompt is written in. They agree on plain text and disagree on brackets: InvokeAI's
/// [square brackets] are a negative prompt where A1111's lower a word's weight, and ComfyUI's are plain text.
/// </summary>
public enum PromptSyntax
{
    /// <summary>
    /// InvokeAI 2.x: [negative words], blends "a forest:0.7 a city:0.3" and ("a", "b").blend(0.7, 0.3), and the
    /// attention syntax of 2.2+ (word+, word-, (words)1.3). Weights move each token's hidden state away from the
    /// empty prompt's; a weight below 1 also blends toward the prompt without those words, as compel does.
    /// </summary>
    InvokeAI,

    /// <summary>
    /// AUTOMATIC1111's web UI: (word:1.3), (word) = ×1.1, [word] = ÷1.1, nesting multiplies, \( \) escapes and BREAK.
    /// Weights scale the hidden states, then each chunk's mean is restored.
    /// </summary>
    A1111,

    /// <summary>
    /// ComfyUI's CLIP Text Encode: (word:1.3) and (word) = ×1.1, an inner weight replacing the outer, \( \) escapes;
    /// square brackets and BREAK are text. Weights move hidden states away from the empty prompt's.
    /// </summary>
    ComfyUI,
}

using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Models;

/// <summary>
/// A UNet exported with <c>encoder_hidden_states</c>' token axis fixed (a static export): it takes that many tokens,
/// so a prompt's first <see cref="Chunks"/> chunks and no more. Renders and Get-PromptToken cut and report alike.
/// </summary>
public sealed record FixedPromptLength(int Tokens, int Chunks, string UnetPath)
{
    /// <summary>What a render or Get-PromptToken says when <paramref name="dropped"/> word pieces of a prompt are cut.</summary>
    public string CutWarning(string what, int dropped) =>
        $"The {what} is longer than this model can take: its UNet fixes encoder_hidden_states' axis 1 at {Tokens} tokens, " +
        $"so {dropped} token(s) at its end were ignored.";

    /// <summary>A BREAK asks for more chunks than the axis holds: cutting would silently drop what the user separated.</summary>
    public RenderSettingException BreakError(string setting, string what) => new(setting,
        $"The {what} needs more chunks than this model takes (BREAK starts a new one): its UNet '{UnetPath}' fixes encoder_hidden_states' " +
        $"axis 1 at {Tokens} tokens, {Chunks} chunk(s). Remove the BREAK, or use an export with a symbolic sequence axis.");
}

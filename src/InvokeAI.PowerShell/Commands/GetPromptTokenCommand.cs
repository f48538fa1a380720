using System.Management.Automation;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Prompts;
using InvokeAI.Core.Tokenization;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Shows the CLIP tokens a prompt becomes for a model's tokenizer, as its syntax reads it, so a user can see why a
/// word had no effect (a weight, a chunk, split into unexpected pieces) and check the tokenizer from outside.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PromptToken", DefaultParameterSetName = ModelSet)]
[OutputType(typeof(PromptToken))]
public sealed class GetPromptTokenCommand : ModelCmdlet
{
    /// <summary>
    /// By value (strings) and by property name, so a rendered image or an Import-Csv row shows the tokens of its
    /// own Prompt rather than of its ToString().
    /// </summary>
    /// <remarks>
    /// An object whose Prompt is $null (an image from Import-Image) would otherwise bind by value as its ToString()
    /// ("512×512 image"): [PropertyNotToString] makes it stand for its Prompt, null included ([AllowNull]), which
    /// ProcessRecord reports.
    /// </remarks>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [AllowNull]
    [PropertyNotToString(nameof(Prompt))]
    public string? Prompt { get; set; }

    /// <summary>The negative prompt, shown after the prompt's tokens; a rendered image or a record brings its own.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [AllowNull]
    public string? NegativePrompt { get; set; }

    /// <summary>How to read the prompt: InvokeAI's syntax unless given, or brought by a record another tool wrote.</summary>
    /// <remarks>[SettingText]: a value PowerShell cannot convert would otherwise be dropped silently and read as InvokeAI's.</remarks>
    [Parameter(ValueFromPipelineByPropertyName = true), SettingText(nameof(RenderSettings.PromptSyntax))]
    public PromptSyntax? PromptSyntax { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = SessionSet)]
    [ValidateNotNull]
    public override DiffusionSession? Session { get; set; }

    [Parameter(ParameterSetName = ModelSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ModelFolderCompleter))]
    public override string? Model { get; set; }

    protected override void ProcessRecord()
    {
        if (Prompt is null)
        {
            WriteError(new ErrorRecord(new ArgumentException(
                    "The piped object has no Prompt (it is $null), so there is nothing to tokenise; give -Prompt or pipe strings or objects with a Prompt.",
                    nameof(Prompt)), "PromptMissing", ErrorCategory.InvalidArgument, null));
            return;
        }
        ParsedPrompt parsed;
        try
        {
            parsed = ParsedPrompt.Parse(Prompt, NegativePrompt, PromptSyntax ?? Core.Prompts.PromptSyntax.InvokeAI);
        }
        catch (PromptSyntaxException e)
        {
            WriteError(new ErrorRecord(e, "PromptSyntaxInvalid", ErrorCategory.SyntaxError, e.Text));
            return;
        }
        var model = ResolveModel();
        if (model is null) return;
        WriteVerbose(parsed.Describe());
        foreach (string warning in parsed.Warnings) WriteWarning(warning);
        IReadOnlyList<PromptToken> tokens;
        try
        {
            // Cut as a render cuts for this model: a BREAK past a fixed token axis is refused, a long prompt cut with a warning.
            tokens = PromptToken.From(model.Tokenizer, parsed, model.FixedPromptLength, out var cuts);
            foreach (string cut in cuts) WriteWarning(cut);
        }
        catch (RenderSettingException e)
        {
            WriteError(new ErrorRecord(e, "RenderParameterInvalid", ErrorCategory.InvalidArgument, e.Setting));
            return;
        }
        WriteObject(tokens, enumerateCollection: true);
    }
}

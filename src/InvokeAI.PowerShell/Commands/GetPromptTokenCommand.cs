using System.Management.Automation;
using InvokeAI.Core.Tokenization;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Shows the CLIP tokens a prompt becomes for a model's tokenizer, so a user can see why a word had no effect
/// (cut at 77 tokens, split into unexpected pieces) and check the tokenizer from outside.
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
        var model = ResolveModel();
        if (model is null) return;
        var encoded = model.Tokenizer.Encode(Prompt);
        if (encoded.Truncated)
            WriteWarning($"The prompt is longer than CLIP's {model.Tokenizer.MaxLength} tokens: {encoded.DroppedTokenCount} token(s) at its end are cut and have no effect.");
        WriteObject(PromptToken.From(model.Tokenizer, encoded), enumerateCollection: true);
    }
}

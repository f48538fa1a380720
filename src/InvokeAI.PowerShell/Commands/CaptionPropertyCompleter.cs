using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>Tab completion for New-ImageGrid -Caption: the image properties a caption can show.</summary>
public sealed class CaptionPropertyCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string typed = wordToComplete.Trim('\'', '"');
        return ImageCaption.PropertyNames
            .Where(name => name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, $"Caption each image with its {name}"));
    }
}

using System.Management.Automation;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Validates -Sampler against the catalogue (any case, any alias) and tab-completes it. A ValidateSet would need a
/// constant list here; this keeps the catalogue the one place where sampler names live.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SamplerNamesAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        string name = arguments?.ToString() ?? string.Empty;
        if (!SamplerCatalog.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
            throw new ValidationMetadataException(
                $"'{name}' is not a sampler. Use one of: {string.Join(", ", SamplerCatalog.All.Select(s => s.Name))} (or their aliases).");
    }
}

/// <summary>
/// Tab completion for -Sampler: canonical names first, then aliases, filtered by what was typed. Names are matched
/// in any case, so an alias that only recapitalises a name (Ddim, Plms) is not offered beside it.
/// </summary>
public sealed class SamplerNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters)
    {
        string typed = wordToComplete.Trim('\'', '"');
        foreach (string name in SamplerCatalog.Names)
        {
            if (!name.StartsWith(typed, StringComparison.OrdinalIgnoreCase)) continue;
            var sampler = SamplerCatalog.Find(name);
            yield return new CompletionResult(name, name, CompletionResultType.ParameterValue,
                $"{sampler.Name}: {sampler.A1111Name} in A1111, {sampler.DiffusersClass} in diffusers");
        }
    }
}

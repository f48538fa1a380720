using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>Tab completion for -Name of Get- and Close-DiffusionSession: the open sessions' names, each with its model and provider.</summary>
public sealed class SessionNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string typed = wordToComplete.Trim('\'', '"');
        return SessionRegistry.Snapshot()
            .Where(s => s.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .Select(s => new CompletionResult(AsArgument(s.Name), s.Name, CompletionResultType.ParameterValue,
                $"Session {s.Id}: {s.Model} on {s.Provider}"))
            .ToList();
    }

    /// <summary>
    /// -Name takes wildcards, so a name with [ ] * ? in it is escaped to mean itself, and quoted when PowerShell
    /// would otherwise read it as something else.
    /// </summary>
    private static string AsArgument(string name)
    {
        string escaped = WildcardPattern.Escape(name);
        return escaped.IndexOfAny([' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', '&', ',', '@', '#', '|', '<', '>']) >= 0
            ? $"'{escaped.Replace("'", "''")}'"
            : escaped;
    }
}

using System.Management.Automation;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// -Name on Get- and Close-DiffusionSession: wildcards, any case. As Get-Process does, a plain name that names no
/// session is a non-terminating SessionNotFound error; a wildcard that matches nothing is not an error.
/// </summary>
internal static class SessionNamePatterns
{
    /// <summary>The sessions each pattern matches, in pattern order, after writing an error for each plain name that matches none.</summary>
    public static IEnumerable<DiffusionSession> Match(Cmdlet cmdlet, IReadOnlyList<DiffusionSession> sessions, IEnumerable<string> patterns)
    {
        foreach (string pattern in patterns)
        {
            var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
            var matches = sessions.Where(s => wildcard.IsMatch(s.Name)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException($"No open session is named '{pattern}'."),
                    "SessionNotFound", ErrorCategory.ObjectNotFound, pattern));
            foreach (var match in matches) yield return match;
        }
    }
}

namespace InvokeAI.Core.Models;

/// <summary>
/// Whether two paths name the same model folder, as the file system compares names: one rule for sessions (which
/// folder a session holds) and re-render checks (whether a render used the recorded folder), so they cannot disagree.
/// </summary>
public static class FolderPath
{
    public static bool Same(string a, string b) =>
        string.Equals(Normal(a), Normal(b),
            OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>Absolute, ".." resolved, no trailing separator: "/m/demo/" and "/m/x/../demo" are "/m/demo".</summary>
    private static string Normal(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}

namespace InvokeAI.Core.Imaging.Naming;

/// <summary>Whether a full path lies below a folder, compared the way the platform's file system compares names.</summary>
public static class PathContainment
{
    // Windows and macOS file systems ignore case by default: "Renders/../RENDERS/x" must not look like an escape
    // there, while on Linux "renders" and "Renders" are different folders.
    public static StringComparison Comparison { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static StringComparer Comparer { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>True when <paramref name="path"/> is strictly inside <paramref name="directory"/> (both made full first).</summary>
    public static bool IsInside(string path, string directory)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetFullPath(directory);
        if (!Path.EndsInDirectorySeparator(folder)) folder += Path.DirectorySeparatorChar; // a root already ends in one
        return full.Length > folder.Length && full.StartsWith(folder, Comparison);
    }
}

namespace InvokeAI.PowerShell.Sessions;

/// <summary>Whether two paths name the same model folder, as the file system compares names.</summary>
internal static class FolderPath
{
    public static bool Same(string a, string b) =>
        string.Equals(Normal(a), Normal(b),
            OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static string Normal(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}

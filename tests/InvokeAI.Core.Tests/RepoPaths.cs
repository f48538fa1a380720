using System.Runtime.CompilerServices;

namespace InvokeAI.Core.Tests;

/// <summary>
/// Finds files in the repository from tests, so test data need not be copied to the output folder
/// (which would mean editing the shared test project file).
/// </summary>
internal static class RepoPaths
{
    private const string RootMarkerFileName = "global.json";

    /// <summary>The repository root: the nearest folder above the tests that holds global.json.</summary>
    public static string Root { get; } = FindRoot();

    public static string ClipTokenizerFolder => Combine("assets", "clip-tokenizer");

    /// <summary>A path under <see cref="Root"/>, e.g. <c>Combine("assets", "clip-tokenizer")</c>.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        // Test runs from the repository build under it; builds elsewhere (scratch projects, other output
        // folders) still have this file's compile-time path to fall back on.
        var start = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(ThisSourceFile()) };
        foreach (var folder in start)
        {
            if (!string.IsNullOrEmpty(folder) && FindMarkerAbove(folder) is { } root)
            {
                return root;
            }
        }

        throw new InvalidOperationException(
            $"No folder holding {RootMarkerFileName} was found above '{AppContext.BaseDirectory}' or '{ThisSourceFile()}'.");
    }

    private static string? FindMarkerAbove(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            if (File.Exists(Path.Combine(current.FullName, RootMarkerFileName)))
            {
                return current.FullName;
            }
        }

        return null;
    }

    private static string ThisSourceFile([CallerFilePath] string path = "") => path;
}

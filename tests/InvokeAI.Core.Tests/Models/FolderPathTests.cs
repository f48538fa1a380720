using InvokeAI.Core.Models;

namespace InvokeAI.Core.Tests.Models;

/// <summary>Two spellings of one folder are the same folder; two folders are not.</summary>
public sealed class FolderPathTests
{
    private static readonly string Models = Path.Combine(Path.GetTempPath(), "models");

    [Fact]
    public void ATrailingSeparatorOrADotDotSegmentNamesTheSameFolder()
    {
        string demo = Path.Combine(Models, "demo");

        Assert.True(FolderPath.Same(demo, demo + Path.DirectorySeparatorChar));
        Assert.True(FolderPath.Same(demo, Path.Combine(Models, "other", "..", "demo")));
    }

    [Fact]
    public void ARelativePathIsTakenFromTheCurrentDirectory() =>
        Assert.True(FolderPath.Same("demo", Path.Combine(Environment.CurrentDirectory, "demo")));

    [Fact]
    public void AnotherFolderIsNotTheSame() =>
        Assert.False(FolderPath.Same(Path.Combine(Models, "demo"), Path.Combine(Models, "demo-copy")));
}

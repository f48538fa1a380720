using InvokeAI.DemoModel;

namespace InvokeAI.Core.Tests.DemoModel;

/// <summary>Building is a cached, all-or-nothing step that never overwrites a folder it did not make.</summary>
public sealed class DemoModelBuildTests : IDisposable
{
    private readonly string _parent = Path.Combine(Path.GetTempPath(), $"invokeai-demobuild-{Guid.NewGuid():N}");
    private string Folder => Path.Combine(_parent, "demo");

    [Fact]
    public void BuildingACurrentFolderAgainChangesNothing()
    {
        DemoModelBuilder.Build(Folder);
        var before = Snapshot();
        DemoModelBuilder.Build(Folder);
        Assert.Equal(before, Snapshot());
        Assert.True(DemoModelBuilder.IsCurrent(Folder));
    }

    [Fact]
    public void NothingButTheFolderIsLeftBesideIt()
    {
        DemoModelBuilder.Build(Folder);
        Assert.Equal([Folder], Directory.GetFileSystemEntries(_parent));
    }

    [Fact]
    public void AMissingEmptyOrIncompleteFolderIsNotCurrent()
    {
        Assert.False(DemoModelBuilder.IsCurrent(Folder));
        Directory.CreateDirectory(Folder);
        Assert.False(DemoModelBuilder.IsCurrent(Folder));

        DemoModelBuilder.Build(Folder);
        File.Delete(Path.Combine(Folder, "unet", "model.onnx"));
        Assert.False(DemoModelBuilder.IsCurrent(Folder));
        DemoModelBuilder.Build(Folder);
        Assert.True(File.Exists(Path.Combine(Folder, "unet", "model.onnx")));
    }

    [Fact]
    public void AnEmptyFolderIsFilled()
    {
        Directory.CreateDirectory(Folder);
        DemoModelBuilder.Build(Folder);
        Assert.True(DemoModelBuilder.IsCurrent(Folder));
    }

    [Fact]
    public void ADemoOfAnotherVersionIsReplaced()
    {
        DemoModelBuilder.Build(Folder);
        string index = Path.Combine(Folder, "model_index.json");
        File.WriteAllText(index, File.ReadAllText(index).Replace(
            $"\"version\": \"{DemoModelBuilder.Version}\"", "\"version\": \"0-older\""));
        Assert.False(DemoModelBuilder.IsCurrent(Folder));

        DemoModelBuilder.Build(Folder);
        Assert.True(DemoModelBuilder.IsCurrent(Folder));
    }

    [Fact]
    public void AFolderHoldingSomethingElseIsRefusedAndKept()
    {
        Directory.CreateDirectory(Folder);
        string notes = Path.Combine(Folder, "notes.txt");
        File.WriteAllText(notes, "mine");

        var e = Assert.Throws<IOException>(() => DemoModelBuilder.Build(Folder));
        Assert.Contains(Folder, e.Message);
        Assert.Equal("mine", File.ReadAllText(notes));
    }

    public void Dispose()
    {
        if (Directory.Exists(_parent)) Directory.Delete(_parent, recursive: true);
    }

    private List<(string Path, DateTime Written)> Snapshot() =>
        Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(path => (path, File.GetLastWriteTimeUtc(path))).ToList();
}

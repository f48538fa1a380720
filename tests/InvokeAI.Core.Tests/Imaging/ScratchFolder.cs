namespace InvokeAI.Core.Tests.Imaging;

/// <summary>A fresh folder under the temp directory, deleted with the test class.</summary>
public sealed class ScratchFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"invokeai-imaging-{Guid.NewGuid():N}");

    public ScratchFolder() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, name));

    /// <summary>Creates a placeholder file (its content does not matter to the naming tests).</summary>
    public string Touch(string name)
    {
        string file = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        System.IO.File.WriteAllText(file, "taken");
        return file;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

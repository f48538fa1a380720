namespace InvokeAI.Core.Imaging.Naming;

/// <summary>An expanded template that points outside the folder it was given; <see cref="Path"/> names it.</summary>
public sealed class ImagePathOutsideDirectoryException : Exception
{
    public string Path { get; }
    public string Directory { get; }

    public ImagePathOutsideDirectoryException(string path, string directory)
        : base($"'{path}' is outside '{directory}': a -Path template never writes outside the folder it is given. " +
               "Remove '..' or the rooted part from the template.")
    {
        Path = path;
        Directory = directory;
    }
}

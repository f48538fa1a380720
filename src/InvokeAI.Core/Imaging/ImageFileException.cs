namespace InvokeAI.Core.Imaging;

/// <summary>An image file that cannot be read or written; <see cref="Path"/> names it and <see cref="Fault"/> says why.</summary>
public sealed class ImageFileException : IOException
{
    public string Path { get; }

    public ImageFileFault Fault { get; }

    public ImageFileException(string path, string message, Exception? inner = null) : this(path, ImageFileFault.Io, message, inner)
    {
    }

    public ImageFileException(string path, ImageFileFault fault, string message, Exception? inner = null) : base(message, inner)
    {
        Path = path;
        Fault = fault;
    }
}

namespace InvokeAI.Core.Imaging;

/// <summary>An image file that cannot be read or written; <see cref="Path"/> names it.</summary>
public sealed class ImageFileException : IOException
{
    public string Path { get; }

    public ImageFileException(string path, string message, Exception? inner = null) : base(message, inner)
    {
        Path = path;
    }
}

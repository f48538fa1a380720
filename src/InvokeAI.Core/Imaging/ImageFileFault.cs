namespace InvokeAI.Core.Imaging;

/// <summary>
/// Why an <see cref="ImageFileException"/> was raised, so a caller can report each kind under its own stable name
/// without reading the message.
/// </summary>
public enum ImageFileFault
{
    /// <summary>The file system refused the read or write (permissions, a disk error, an existing target).</summary>
    Io,
    /// <summary>Nothing exists at the path.</summary>
    NotFound,
    /// <summary>A FIFO, device or socket: opening it could block forever or read without end.</summary>
    NotARegularFile,
    /// <summary>No decoder recognises the bytes, or the decoder found them damaged.</summary>
    NotAnImage,
    /// <summary>The header declares more pixels than <see cref="ImageLoadLimits.MaxPixels"/>; nothing was decoded.</summary>
    TooLarge,
    /// <summary>The file ends before its format's end marker (a half-copied file); decoding it would invent the rest.</summary>
    Truncated,
}

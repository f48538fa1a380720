using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace InvokeAI.Core.Imaging;

/// <summary>Reads and writes image files. ImageSharp is touched only here and in the other types of this folder.</summary>
public static class ImageFile
{
    /// <summary>
    /// The pixels of an image file, turned upright by its EXIF orientation. Refused with an
    /// <see cref="ImageFileException"/> naming the file, before any pixel is decoded, when it is not a regular file
    /// (<see cref="ImageFileFault.NotARegularFile"/>), ends early (<see cref="ImageFileFault.Truncated"/>) or declares
    /// more pixels than <paramref name="limits"/> allow (<see cref="ImageFileFault.TooLarge"/>; default
    /// <see cref="ImageLoadLimits.Default"/>).
    /// </summary>
    public static RgbaImage Load(string path, ImageLoadLimits? limits = null)
    {
        using var stream = OpenForReading(path);
        return ImageDecoding.Decode(stream, path, limits ?? ImageLoadLimits.Default);
    }

    /// <summary>
    /// Writes a PNG with the given text chunks, atomically (see <see cref="Save"/>).
    /// </summary>
    public static void SavePng(RgbaImage image, string path, IReadOnlyDictionary<string, string>? text = null, bool overwrite = false) =>
        WriteAtomically(path, overwrite, stream =>
        {
            using var sharp = ImageSharpPixels.FromRgba(image);
            var png = sharp.Metadata.GetPngMetadata();
            foreach (var (keyword, value) in text ?? new Dictionary<string, string>())
                png.TextData.Add(new PngTextData(keyword, value, string.Empty, string.Empty));
            sharp.SaveAsPng(stream, PngEncoder);
        });

    /// <summary>
    /// Writes the image in the given format, creating missing folders. The bytes go to a temporary file in the
    /// same folder which is then renamed over the target, so a failed or cancelled write never leaves a
    /// half-written image behind. Without <paramref name="overwrite"/> an existing file is an <see cref="ImageFileException"/>.
    /// <paramref name="text"/> goes into the file with the pixels: its chunks into a PNG, its comment into a JPEG or WebP.
    /// </summary>
    public static void Save(RgbaImage image, string path, ImageFileFormat format, bool overwrite = false, ImageFileText? text = null) =>
        WriteAtomically(path, overwrite, stream =>
        {
            using var sharp = ImageSharpPixels.FromRgba(image);
            if (text is not null) EmbeddedText.Write(sharp, format, text);
            switch (format)
            {
                case ImageFileFormat.Png: sharp.SaveAsPng(stream, PngEncoder); break;
                case ImageFileFormat.Jpeg: sharp.SaveAsJpeg(stream, JpegEncoder); break;
                case ImageFileFormat.Webp: sharp.SaveAsWebp(stream, WebpEncoder); break;
                default: throw new ArgumentOutOfRangeException(nameof(format), format, "Not an image file format.");
            }
        });

    // Always RGBA at 8 bits, whatever the pixels hold, so every saved render has the same layout. Text chunks are
    // never compressed: the parameters they hold stay readable by tools that read only tEXt, and by eye.
    private static readonly PngEncoder PngEncoder = new()
    {
        ColorType = PngColorType.RgbWithAlpha,
        BitDepth = PngBitDepth.Bit8,
        TextCompressionThreshold = int.MaxValue,
    };

    // 95 keeps artefacts out of sight at a third of the PNG's size; 4:4:4 because halving the colour resolution
    // smears the sharp colour edges renders have.
    private static readonly JpegEncoder JpegEncoder = new() { Quality = 95, ColorType = JpegColorType.YCbCrRatio444 };

    // Lossless, so a WebP holds exactly the rendered pixels; Preserve keeps the colour of fully transparent
    // pixels too (the default clears it), so a round trip is exact.
    private static readonly WebpEncoder WebpEncoder = new()
    {
        FileFormat = WebpFileFormatType.Lossless,
        TransparentColorMode = WebpTransparentColorMode.Preserve,
    };

    private static void WriteAtomically(string path, bool overwrite, Action<Stream> encode)
    {
        string fullPath = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(fullPath)!;
        string temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                encode(stream);
            File.Move(temporary, fullPath, overwrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new ImageFileException(fullPath, $"'{fullPath}' could not be written: {e.Message}", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// The text a file carries (PNG text chunks, the EXIF user comment), read from the header without decoding its
    /// pixels, so a file declaring any size is safe. A file that is missing, not a regular file, cut short or not an
    /// image is an <see cref="ImageFileException"/>.
    /// </summary>
    public static ImageFileText ReadText(string path)
    {
        using var stream = OpenForReading(path);
        return EmbeddedText.Read(ImageDecoding.ReadMetadata(stream, path));
    }

    /// <summary>
    /// Opens a file only when it is safe to read: a FIFO would block the open until some writer comes, a device
    /// would read without end, so anything but a regular file is refused before it is touched.
    /// </summary>
    private static FileStream OpenForReading(string path)
    {
        if (!File.Exists(path))
            throw new ImageFileException(path, ImageFileFault.NotFound, $"Image file '{path}' does not exist.");
        try
        {
            if (RegularFiles.IsNotRegular(path, out string kind))
                throw new ImageFileException(path, ImageFileFault.NotARegularFile, $"'{path}' is {kind}, not a regular file; it was not opened.");
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024);
        }
        catch (Exception e) when (e is (IOException and not ImageFileException) or UnauthorizedAccessException)
        {
            throw new ImageFileException(path, $"'{path}' could not be read: {e.Message}", e);
        }
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

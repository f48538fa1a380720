using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace InvokeAI.Core.Imaging;

/// <summary>Reads and writes image files. The only place (with <see cref="ImageResizer"/>) that touches ImageSharp.</summary>
public static class ImageFile
{
    public static RgbaImage Load(string path)
    {
        if (!File.Exists(path)) throw new ImageFileException(path, $"Image file '{path}' does not exist.");
        try
        {
            using var image = Image.Load<Rgba32>(path);
            return ImageSharpPixels.ToRgba(image);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException or ImageFormatException)
        {
            throw new ImageFileException(path, $"'{path}' is not a readable image ({e.Message.TrimEnd('.')}). Use a PNG, JPEG, WebP, BMP, GIF or TIFF file.", e);
        }
        catch (IOException e) when (e is not ImageFileException)
        {
            throw new ImageFileException(path, $"'{path}' could not be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ImageFileException(path, $"'{path}' could not be read: {e.Message}", e);
        }
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
    /// The text a file carries (PNG text chunks, the EXIF user comment), read without decoding its pixels. A file
    /// that is missing or not an image is an <see cref="ImageFileException"/>.
    /// </summary>
    public static ImageFileText ReadText(string path)
    {
        if (!File.Exists(path)) throw new ImageFileException(path, $"Image file '{path}' does not exist.");
        try
        {
            var info = Image.Identify(path)
                       ?? throw new ImageFileException(path, $"'{path}' is not a readable image. Use a PNG, JPEG, WebP, BMP, GIF or TIFF file.");
            return EmbeddedText.Read(info.Metadata);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException or ImageFormatException)
        {
            throw new ImageFileException(path, $"'{path}' is not a readable image ({e.Message.TrimEnd('.')}).", e);
        }
        catch (IOException e) when (e is not ImageFileException)
        {
            throw new ImageFileException(path, $"'{path}' could not be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ImageFileException(path, $"'{path}' could not be read: {e.Message}", e);
        }
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

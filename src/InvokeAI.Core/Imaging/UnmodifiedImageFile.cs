using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Imaging;

/// <summary>
/// Tells whether an image object is still exactly its file (Import-Image's output, untouched), so a render can
/// record that file and -Metadata can read it again later.
/// </summary>
/// <remarks>
/// <see cref="DiffusionImage.SourcePath"/> alone cannot say so: Resize-InitImage and renders keep the path of the
/// file they started from under other pixels, and the pixel array can be changed in place. So the file is read
/// again and its pixels compared: the path is recorded only when reading it gives these very pixels, which is all
/// a later re-render needs.
/// </remarks>
public static class UnmodifiedImageFile
{
    /// <returns>The image's source file when it holds exactly the image's pixels; null otherwise or when unreadable.</returns>
    public static string? Of(DiffusionImage image)
    {
        if (image.SourcePath is not { } path || !File.Exists(path)) return null;
        RgbaImage file;
        // The image was loaded once already, maybe under a raised limit: its own size is let through again.
        var limits = new ImageLoadLimits { MaxPixels = Math.Clamp((long)image.Width * image.Height, ImageLoadLimits.DefaultMaxPixels, ImageLoadLimits.LargestMaxPixels) };
        try { file = ImageFile.Load(path, limits); }
        catch (ImageFileException) { return null; }
        bool same = file.Width == image.Width && file.Height == image.Height && file.Pixels.AsSpan().SequenceEqual(image.Pixels.Pixels);
        return same ? path : null;
    }
}

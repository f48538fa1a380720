using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Imaging;

/// <summary>
/// Lays images out as one picture: a strength sweep side by side, or a render's steps as a strip. Each cell gets
/// a caption strip drawn with <see cref="BitmapFont"/>; the result keeps the parameters its images share.
/// </summary>
public static class ImageGrid
{
    public static readonly (byte R, byte G, byte B) Background = (24, 24, 24);
    public static readonly (byte R, byte G, byte B) CaptionColour = (235, 235, 235);

    /// <summary>Caption text scale for a cell width: about one pixel of font per 128 pixels of cell, at least 1.</summary>
    public static int CaptionScale(int cellWidth) => Math.Clamp(cellWidth / 128, 1, 8);

    /// <summary>Height of a caption strip of <paramref name="lines"/> lines at <paramref name="scale"/>: the lines and a margin above and below.</summary>
    public static int CaptionHeight(int lines, int scale) => lines == 0 ? 0 : (lines * BitmapFont.LineHeight + 2) * scale;

    public static DiffusionImage Compose(IReadOnlyList<DiffusionImage> images, ImageGridOptions? options = null)
    {
        options ??= new ImageGridOptions();
        if (images.Count == 0) throw new ArgumentException("A grid needs at least one image.", nameof(images));
        var (cellWidth, cellHeight) = CellSize(images, options);
        int scale = CaptionScale(cellWidth);
        var captions = images.Select(i => ImageCaption.Lines(i, options.Captions)).ToList();
        int captionHeight = CaptionHeight(captions.Max(c => c.Count), scale);
        var layout = new ImageGridLayout(images.Count, options.Columns ?? ImageGridLayout.DefaultColumns(images.Count),
            cellWidth, cellHeight, captionHeight, options.Spacing);

        var canvas = new RgbaImage(layout.Width, layout.Height);
        Fill(canvas, Background);
        for (int i = 0; i < images.Count; i++)
        {
            var (x, y) = layout.CellOrigin(i);
            var scaled = GridCellScaler.ScaleToFit(images[i].Pixels, cellWidth, cellHeight);
            DrawOver(canvas, scaled, x + (cellWidth - scaled.Width) / 2, y + (cellHeight - scaled.Height) / 2);
            DrawCaption(canvas, captions[i], x, y + cellHeight + 2 * scale, cellWidth, scale);
        }
        return DiffusionImage.Combined(images, canvas);
    }

    private static (int Width, int Height) CellSize(IReadOnlyList<DiffusionImage> images, ImageGridOptions options)
    {
        int largestWidth = images.Max(i => i.Width), largestHeight = images.Max(i => i.Height);
        return (options.CellWidth, options.CellHeight) switch
        {
            (int w, int h) => (w, h),
            (int w, null) => (w, Math.Max(1, (int)Math.Round((double)w * largestHeight / largestWidth))),
            (null, int h) => (Math.Max(1, (int)Math.Round((double)h * largestWidth / largestHeight)), h),
            _ => (largestWidth, largestHeight),
        };
    }

    /// <summary>
    /// Each line centred under the cell: "Name value", or just the value when the name does not fit, or the value
    /// cut short with "..".
    /// </summary>
    private static void DrawCaption(RgbaImage canvas, IReadOnlyList<(string Name, string Value)> lines, int x, int y, int width, int scale)
    {
        for (int line = 0; line < lines.Count; line++)
        {
            var (name, value) = lines[line];
            string text = $"{name} {value}";
            if (BitmapFont.MeasureWidth(text, scale) > width) text = BitmapFont.Truncate(value, width, scale);
            int left = x + (width - BitmapFont.MeasureWidth(text, scale)) / 2;
            BitmapFont.Draw(canvas, text, left, y + line * BitmapFont.LineHeight * scale, scale, CaptionColour);
        }
    }

    private static void Fill(RgbaImage image, (byte R, byte G, byte B) colour)
    {
        byte[] px = image.Pixels;
        for (int i = 0; i < px.Length; i += 4)
        {
            px[i] = colour.R;
            px[i + 1] = colour.G;
            px[i + 2] = colour.B;
            px[i + 3] = 255;
        }
    }

    /// <summary>Copies <paramref name="source"/> onto the opaque canvas, blending by the source's alpha.</summary>
    private static void DrawOver(RgbaImage canvas, RgbaImage source, int left, int top)
    {
        byte[] to = canvas.Pixels, from = source.Pixels;
        for (int y = 0; y < source.Height; y++)
        for (int x = 0; x < source.Width; x++)
        {
            int s = 4 * (y * source.Width + x), d = 4 * ((top + y) * canvas.Width + left + x);
            int alpha = from[s + 3];
            for (int c = 0; c < 3; c++)
                to[d + c] = (byte)((from[s + c] * alpha + to[d + c] * (255 - alpha) + 127) / 255);
        }
    }
}

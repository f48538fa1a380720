namespace InvokeAI.Core.Imaging;

/// <summary>Centres an image on a larger canvas.</summary>
internal static class ImagePadding
{
    /// <summary>
    /// Puts <paramref name="content"/> in the middle of a canvasWidth × canvasHeight image and fills the border by
    /// repeating the content's nearest edge pixel, fully opaque.
    /// </summary>
    /// <remarks>
    /// Opaque, because in this project a transparent pixel means "repaint this" (inpainting): a transparent border
    /// would turn padding into a request. Edge pixels rather than a neutral grey, because img2img starts from the
    /// border's colours: continuing the picture's own colours lets the prompt extend it without a hard seam, where
    /// a flat grey band would survive into the render as a frame. The content's own alpha is kept as it is.
    /// </remarks>
    public static (RgbaImage Image, PixelRect Content) Centre(RgbaImage content, int canvasWidth, int canvasHeight)
    {
        if (canvasWidth < content.Width || canvasHeight < content.Height)
            throw new ArgumentException($"A {content.Width}×{content.Height} image does not fit on a {canvasWidth}×{canvasHeight} canvas.", nameof(content));
        var placed = new PixelRect((canvasWidth - content.Width) / 2, (canvasHeight - content.Height) / 2, content.Width, content.Height);
        var canvas = new RgbaImage(canvasWidth, canvasHeight);
        byte[] source = content.Pixels, target = canvas.Pixels;
        for (int y = 0; y < canvasHeight; y++)
        {
            int sourceY = Math.Clamp(y - placed.Y, 0, content.Height - 1);
            bool borderRow = sourceY != y - placed.Y;
            for (int x = 0; x < canvasWidth; x++)
            {
                int sourceX = Math.Clamp(x - placed.X, 0, content.Width - 1);
                int from = 4 * (sourceY * content.Width + sourceX), to = 4 * (y * canvasWidth + x);
                target[to] = source[from];
                target[to + 1] = source[from + 1];
                target[to + 2] = source[from + 2];
                target[to + 3] = borderRow || sourceX != x - placed.X ? (byte)255 : source[from + 3];
            }
        }
        return (canvas, placed);
    }
}

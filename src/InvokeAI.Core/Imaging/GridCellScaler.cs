namespace InvokeAI.Core.Imaging;

/// <summary>
/// Scales an image to fit a grid cell, keeping its aspect ratio. Enlarging uses nearest neighbour, so a small
/// latent preview becomes a crisp mosaic of its latent cells instead of a blur that hides what it is; shrinking
/// uses Lanczos, as every other resize of the project.
/// </summary>
public static class GridCellScaler
{
    public static RgbaImage ScaleToFit(RgbaImage image, int cellWidth, int cellHeight)
    {
        double factor = Math.Min((double)cellWidth / image.Width, (double)cellHeight / image.Height);
        int width = Math.Clamp((int)Math.Round(image.Width * factor), 1, cellWidth);
        int height = Math.Clamp((int)Math.Round(image.Height * factor), 1, cellHeight);
        if (width == image.Width && height == image.Height) return image;
        return width >= image.Width && height >= image.Height
            ? NearestNeighbour(image, width, height)
            : ImageResizer.Resize(image, width, height);
    }

    private static RgbaImage NearestNeighbour(RgbaImage image, int width, int height)
    {
        var result = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
        {
            int sourceY = (int)((y + 0.5) * image.Height / height);
            for (int x = 0; x < width; x++)
            {
                int sourceX = (int)((x + 0.5) * image.Width / width);
                Array.Copy(image.Pixels, 4 * (sourceY * image.Width + sourceX), result.Pixels, 4 * (y * width + x), 4);
            }
        }
        return result;
    }
}

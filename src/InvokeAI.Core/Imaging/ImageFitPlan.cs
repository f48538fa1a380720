namespace InvokeAI.Core.Imaging;

/// <summary>
/// The sizes of a resize, worked out before any pixel is touched: how large the source image becomes
/// (<see cref="ContentWidth"/> × <see cref="ContentHeight"/>) and the size of the result it sits in (the same, except
/// when padding). Integer arithmetic throughout, so a size never depends on floating-point rounding.
/// </summary>
internal readonly record struct ImageFitPlan(int ContentWidth, int ContentHeight, int CanvasWidth, int CanvasHeight, bool WasUpscaleRefused)
{
    public static ImageFitPlan For(int sourceWidth, int sourceHeight, int width, int height, ResizeMode mode, int multiple, bool allowUpscale)
    {
        var (canvasWidth, canvasHeight) = RoundTarget(width, height, multiple);
        return mode switch
        {
            ResizeMode.Stretch => Stretch(sourceWidth, sourceHeight, width, height, multiple, allowUpscale),
            ResizeMode.Fit => Fit(sourceWidth, sourceHeight, width, height, multiple, allowUpscale),
            ResizeMode.Pad => Pad(sourceWidth, sourceHeight, canvasWidth, canvasHeight, allowUpscale),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown resize mode."),
        };
    }

    /// <summary>The target rounded down to the multiple; a side smaller than the multiple has no such size.</summary>
    public static (int Width, int Height) RoundTarget(int width, int height, int multiple)
    {
        if (multiple < 1)
            throw new ArgumentOutOfRangeException(nameof(multiple), multiple, "The multiple to round sizes to must be at least 1.");
        if (width < multiple)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"The target width {width} is smaller than {multiple}: sides are rounded down to a multiple of {multiple}, which would leave nothing.");
        if (height < multiple)
            throw new ArgumentOutOfRangeException(nameof(height), height, $"The target height {height} is smaller than {multiple}: sides are rounded down to a multiple of {multiple}, which would leave nothing.");
        return (width / multiple * multiple, height / multiple * multiple);
    }

    private static ImageFitPlan Stretch(int sourceWidth, int sourceHeight, int width, int height, int multiple, bool allowUpscale)
    {
        // Without upscaling, "never enlarge" holds per side: a side the source lacks keeps the source's length.
        bool refused = !allowUpscale && (width > sourceWidth || height > sourceHeight);
        int w = allowUpscale ? width : Math.Min(width, sourceWidth);
        int h = allowUpscale ? height : Math.Min(height, sourceHeight);
        return Rounded(sourceWidth, sourceHeight, w, h, multiple, refused);
    }

    private static ImageFitPlan Fit(int sourceWidth, int sourceHeight, int width, int height, int multiple, bool allowUpscale)
    {
        // As InvokeAI's --fit: fit the unrounded target first and round each side afterwards, which keeps more
        // pixels than fitting into the rounded target would (1000×800 into 500×500 gives 448×384, not 448×320).
        var (w, h, refused) = FitInside(sourceWidth, sourceHeight, width, height, allowUpscale);
        return Rounded(sourceWidth, sourceHeight, w, h, multiple, refused);
    }

    private static ImageFitPlan Pad(int sourceWidth, int sourceHeight, int canvasWidth, int canvasHeight, bool allowUpscale)
    {
        // Only the canvas has to be a multiple; the image inside keeps its exact fitted size, so padding never
        // costs it pixels.
        var (w, h, refused) = FitInside(sourceWidth, sourceHeight, canvasWidth, canvasHeight, allowUpscale);
        return new ImageFitPlan(w, h, canvasWidth, canvasHeight, refused);
    }

    /// <summary>The largest size with the source's aspect ratio inside width × height (sides truncated, as InvokeAI does).</summary>
    private static (int Width, int Height, bool UpscaleRefused) FitInside(int sourceWidth, int sourceHeight, int width, int height, bool allowUpscale)
    {
        // The source needs enlarging only when it is smaller than the box on both sides.
        if (!allowUpscale && sourceWidth <= width && sourceHeight <= height)
            return (sourceWidth, sourceHeight, sourceWidth < width && sourceHeight < height);
        // Compare sourceWidth/sourceHeight with width/height by cross-multiplying, in 64 bits.
        bool widthLimits = (long)sourceWidth * height >= (long)sourceHeight * width;
        return widthLimits
            ? (width, (int)Math.Max(1, (long)sourceHeight * width / sourceWidth), false)
            : ((int)Math.Max(1, (long)sourceWidth * height / sourceHeight), height, false);
    }

    private static ImageFitPlan Rounded(int sourceWidth, int sourceHeight, int width, int height, int multiple, bool refused)
    {
        if (width < multiple || height < multiple)
        {
            // No parameter name: neither the image nor the target is wrong alone, only the two together.
            string hint = refused ? " Allow upscaling to enlarge it." : string.Empty;
            throw new ArgumentOutOfRangeException(null,
                $"The {sourceWidth}×{sourceHeight} image would be {width}×{height}, under {multiple} pixels on a side, so it cannot be rounded down to a multiple of {multiple}.{hint}");
        }
        int w = width / multiple * multiple, h = height / multiple * multiple;
        return new ImageFitPlan(w, h, w, h, refused);
    }
}

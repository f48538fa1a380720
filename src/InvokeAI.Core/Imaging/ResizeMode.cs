namespace InvokeAI.Core.Imaging;

/// <summary>How <see cref="ImageFitting.Resize"/> maps an image onto a target width × height.</summary>
public enum ResizeMode
{
    /// <summary>Each side becomes the target side (rounded down to the multiple); the aspect ratio may change.</summary>
    Stretch,

    /// <summary>
    /// InvokeAI's --fit: scaled to fit inside the target keeping the aspect ratio, then each side rounded down to the
    /// multiple (so the result can be smaller than the target on both sides).
    /// </summary>
    Fit,

    /// <summary>
    /// Fitted inside the target keeping the aspect ratio, then centred on an opaque canvas of exactly the target size
    /// (rounded down to the multiple); the border repeats the image's edge pixels.
    /// </summary>
    Pad,
}

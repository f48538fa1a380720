namespace InvokeAI.Core.Imaging;

/// <summary>A rectangle of pixels: left and top edges, width and height.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public override string ToString() => $"{Width}×{Height} at ({X}, {Y})";
}

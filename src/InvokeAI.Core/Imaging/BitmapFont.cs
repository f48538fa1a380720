namespace InvokeAI.Core.Imaging;

/// <summary>
/// A small built-in 5×7 pixel font for captions on generated pictures, drawn at whole-number scales so it stays
/// crisp. No font files, no text-rendering library: captions look the same on every machine.
/// </summary>
public static class BitmapFont
{
    public const int GlyphWidth = BitmapFontGlyphs.Width;
    public const int GlyphHeight = BitmapFontGlyphs.Height;
    /// <summary>Horizontal distance from one character to the next at scale 1: the glyph and one blank column.</summary>
    public const int Advance = GlyphWidth + 1;
    /// <summary>Vertical distance from one line to the next at scale 1: the glyph and two blank rows.</summary>
    public const int LineHeight = GlyphHeight + 2;

    /// <summary>True when the font draws the character (lower case counts, drawn as upper case).</summary>
    public static bool CanDraw(char character) => BitmapFontGlyphs.Find(character) is not null;

    /// <summary>Width in pixels of <paramref name="text"/> at <paramref name="scale"/>, without a trailing gap.</summary>
    public static int MeasureWidth(string text, int scale) => text.Length == 0 ? 0 : (text.Length * Advance - 1) * scale;

    /// <summary>
    /// Draws one line of text with its top-left corner at (x, y); characters the font lacks are drawn as '?',
    /// and what falls outside the image is clipped.
    /// </summary>
    public static void Draw(RgbaImage target, string text, int x, int y, int scale, (byte R, byte G, byte B) colour)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        for (int i = 0; i < text.Length; i++)
        {
            var glyph = BitmapFontGlyphs.Find(text[i]) ?? BitmapFontGlyphs.Find('?')!;
            int left = x + i * Advance * scale;
            for (int row = 0; row < GlyphHeight; row++)
            for (int column = 0; column < GlyphWidth; column++)
            {
                if (glyph[row, column]) FillSquare(target, left + column * scale, y + row * scale, scale, colour);
            }
        }
    }

    /// <summary>
    /// The longest start of <paramref name="text"/> that fits in <paramref name="maxWidth"/> pixels, ending in ".."
    /// when it had to be cut.
    /// </summary>
    public static string Truncate(string text, int maxWidth, int scale)
    {
        if (MeasureWidth(text, scale) <= maxWidth) return text;
        for (int length = text.Length - 1; length > 0; length--)
        {
            string cut = text[..length].TrimEnd() + "..";
            if (MeasureWidth(cut, scale) <= maxWidth) return cut;
        }
        return string.Empty;
    }

    private static void FillSquare(RgbaImage target, int left, int top, int size, (byte R, byte G, byte B) colour)
    {
        int x0 = Math.Max(left, 0), y0 = Math.Max(top, 0);
        int x1 = Math.Min(left + size, target.Width), y1 = Math.Min(top + size, target.Height);
        byte[] px = target.Pixels;
        for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
        {
            int i = 4 * (y * target.Width + x);
            px[i] = colour.R;
            px[i + 1] = colour.G;
            px[i + 2] = colour.B;
            px[i + 3] = 255;
        }
    }
}

using InvokeAI.Core.Imaging;

namespace InvokeAI.Core.Tests.Imaging;

public sealed class BitmapFontTests
{
    private static readonly (byte R, byte G, byte B) White = (255, 255, 255);

    /// <summary>The ink of an image as rows of '#' and '.', reading the red channel.</summary>
    private static string[] Ink(RgbaImage image) =>
        Enumerable.Range(0, image.Height)
            .Select(y => new string(Enumerable.Range(0, image.Width).Select(x => image.Pixels[4 * (y * image.Width + x)] > 0 ? '#' : '.').ToArray()))
            .ToArray();

    [Fact]
    public void TheDigitOneRendersTheExpectedPixels()
    {
        var image = new RgbaImage(5, 7);
        BitmapFont.Draw(image, "1", 0, 0, 1, White);
        Assert.Equal(["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."], Ink(image));
    }

    [Fact]
    public void ScaleDrawsEachFontPixelAsASquare()
    {
        var image = new RgbaImage(10, 14);
        BitmapFont.Draw(image, "-", 0, 0, 2, White);
        string[] ink = Ink(image);
        Assert.All(ink.Take(6).Concat(ink.Skip(8)), row => Assert.Equal("..........", row));
        Assert.Equal("##########", ink[6]);
        Assert.Equal("##########", ink[7]);
    }

    [Fact]
    public void CharactersFollowEachOtherWithAOneColumnGap()
    {
        var image = new RgbaImage(BitmapFont.MeasureWidth("11", 1), 7);
        Assert.Equal(11, image.Width);
        BitmapFont.Draw(image, "11", 0, 0, 1, White);
        Assert.Equal("..#.....#..", Ink(image)[0]);
        Assert.Equal(".###...###.", Ink(image)[6]);
    }

    [Fact]
    public void LowerCaseIsDrawnAsUpperCase_UnknownCharactersAsAQuestionMark()
    {
        var lower = new RgbaImage(5, 7);
        var upper = new RgbaImage(5, 7);
        BitmapFont.Draw(lower, "s", 0, 0, 1, White);
        BitmapFont.Draw(upper, "S", 0, 0, 1, White);
        Assert.Equal(upper.Pixels, lower.Pixels);

        var unknown = new RgbaImage(5, 7);
        var question = new RgbaImage(5, 7);
        BitmapFont.Draw(unknown, "€", 0, 0, 1, White);
        BitmapFont.Draw(question, "?", 0, 0, 1, White);
        Assert.Equal(question.Pixels, unknown.Pixels);
    }

    [Fact]
    public void DrawsEverythingACaptionNeeds()
    {
        foreach (char c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .:=-_/,()'×")
            Assert.True(BitmapFont.CanDraw(c), $"'{c}' has no glyph");
    }

    [Fact]
    public void ClipsAtTheImageEdge()
    {
        var image = new RgbaImage(3, 3);
        BitmapFont.Draw(image, "8", -2, -2, 1, White);
        Assert.Contains(image.Pixels, b => b == 255);
    }

    [Theory]
    [InlineData("Seed 1592514025", 200, 2, "Seed 1592514025")]
    [InlineData("1592514025", 40, 1, "1592..")]
    [InlineData("1592514025", 5, 1, "")]
    public void TruncatesToTheWidth(string text, int width, int scale, string expected)
    {
        string cut = BitmapFont.Truncate(text, width, scale);
        Assert.Equal(expected, cut);
        Assert.True(BitmapFont.MeasureWidth(cut, scale) <= width);
    }
}

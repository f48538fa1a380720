using InvokeAI.Core.Imaging;

namespace InvokeAI.Core.Tests.Imaging;

public sealed class ImageGridLayoutTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 3)]
    [InlineData(9, 3)]
    [InlineData(10, 4)]
    public void DefaultColumnsMakeTheGridAsSquareAsItCanBe(int count, int columns) =>
        Assert.Equal(columns, ImageGridLayout.DefaultColumns(count));

    [Fact]
    public void FourImagesInTwoColumnsTileExactlyWithoutSpacingOrCaptions()
    {
        var layout = new ImageGridLayout(4, 2, 64, 48);
        Assert.Equal((2, 128, 96), (layout.Rows, layout.Width, layout.Height));
    }

    [Fact]
    public void SpacingGoesBetweenCellsAndAroundTheEdge_CaptionsUnderEachRow()
    {
        var layout = new ImageGridLayout(5, 2, 64, 48, captionHeight: 11, spacing: 4);
        Assert.Equal(3, layout.Rows);
        Assert.Equal(2 * 64 + 3 * 4, layout.Width);
        Assert.Equal(3 * (48 + 11) + 4 * 4, layout.Height);
    }

    [Theory]
    [InlineData(0, 4, 4)]
    [InlineData(1, 72, 4)]
    [InlineData(2, 4, 67)]
    [InlineData(3, 72, 67)]
    [InlineData(4, 4, 130)]
    public void CellsFillRowsLeftToRight(int index, int x, int y)
    {
        var layout = new ImageGridLayout(5, 2, 64, 48, captionHeight: 11, spacing: 4);
        Assert.Equal((x, y), layout.CellOrigin(index));
    }

    [Fact]
    public void MoreColumnsThanImagesAreReducedToTheImages()
    {
        var layout = new ImageGridLayout(3, 9, 10, 10);
        Assert.Equal((3, 30), (layout.Columns, layout.Width));
    }

    [Fact]
    public void RejectsAnEmptyGridAndCellsOutsideIt()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageGridLayout(0, 1, 10, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageGridLayout(2, 1, 10, 10).CellOrigin(2));
    }
}

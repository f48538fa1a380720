namespace InvokeAI.Core.Imaging;

/// <summary>
/// Where the cells of an image grid go: equal cells in rows, filled left to right and top to bottom, each with
/// its caption strip underneath, <see cref="Spacing"/> pixels between cells and around the edge.
/// </summary>
public sealed record ImageGridLayout
{
    public int Count { get; }
    public int Columns { get; }
    public int CellWidth { get; }
    public int CellHeight { get; }
    /// <summary>Height of the caption strip under each cell (0 without captions).</summary>
    public int CaptionHeight { get; }
    public int Spacing { get; }

    public int Rows => (Count + Columns - 1) / Columns;
    public int Width => Columns * CellWidth + (Columns + 1) * Spacing;
    public int Height => Rows * (CellHeight + CaptionHeight) + (Rows + 1) * Spacing;

    /// <param name="columns">Cells per row; more than <paramref name="count"/> is reduced to it, so no row is wider than its images.</param>
    public ImageGridLayout(int count, int columns, int cellWidth, int cellHeight, int captionHeight = 0, int spacing = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellHeight, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(captionHeight);
        ArgumentOutOfRangeException.ThrowIfNegative(spacing);
        Count = count;
        Columns = Math.Min(columns, count);
        CellWidth = cellWidth;
        CellHeight = cellHeight;
        CaptionHeight = captionHeight;
        Spacing = spacing;
        if ((long)Width * Height > int.MaxValue / 4)
            throw new ArgumentOutOfRangeException(nameof(count), $"A {Width}×{Height} grid is too large for one image.");
    }

    /// <summary>The columns a grid of <paramref name="count"/> images gets by default: as square as it can be.</summary>
    public static int DefaultColumns(int count) => Math.Max(1, (int)Math.Ceiling(Math.Sqrt(count) - 1e-9));

    /// <summary>Top-left corner of cell <paramref name="index"/> (its caption strip starts <see cref="CellHeight"/> below).</summary>
    public (int X, int Y) CellOrigin(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        int column = index % Columns, row = index / Columns;
        return (Spacing + column * (CellWidth + Spacing), Spacing + row * (CellHeight + CaptionHeight + Spacing));
    }
}

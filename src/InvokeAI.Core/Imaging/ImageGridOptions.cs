namespace InvokeAI.Core.Imaging;

/// <summary>How <see cref="ImageGrid"/> lays images out. Every null chooses itself from the images.</summary>
public sealed record ImageGridOptions
{
    /// <summary>Cells per row; null makes the grid as square as it can be (ceil √count).</summary>
    public int? Columns { get; init; }
    /// <summary>
    /// Cell size; null takes the largest image's (the other side, when one is given, follows the largest
    /// image's aspect ratio). Images are scaled to fit, keeping their aspect ratio.
    /// </summary>
    public int? CellWidth { get; init; }
    public int? CellHeight { get; init; }
    /// <summary>Properties to caption each image with; null for the default (<see cref="ImageCaption.DefaultProperties"/>), empty for none.</summary>
    public IReadOnlyList<string>? Captions { get; init; }
    /// <summary>Pixels between cells and around the edge.</summary>
    public int Spacing { get; init; } = 4;
}

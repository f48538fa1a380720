using InvokeAI.Core.Imaging;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Imaging;

public sealed class ImageGridTests
{
    private static DiffusionImage Solid(int width, int height, byte r, byte g, byte b, double? strength = null, uint? seed = null, int? step = null)
    {
        var pixels = new RgbaImage(width, height);
        for (int i = 0; i < pixels.Pixels.Length; i += 4)
        {
            pixels.Pixels[i] = r;
            pixels.Pixels[i + 1] = g;
            pixels.Pixels[i + 2] = b;
            pixels.Pixels[i + 3] = 255;
        }
        return new DiffusionImage { Pixels = pixels, Settings = new() { Strength = strength, Seed = seed, Prompt = "fire" }, Step = step };
    }

    private static (byte R, byte G, byte B) At(RgbaImage image, int x, int y)
    {
        int i = 4 * (y * image.Width + x);
        return (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
    }

    private static readonly DiffusionImage[] Four =
    [
        Solid(32, 32, 255, 0, 0, 0.3, 1), Solid(32, 32, 0, 255, 0, 0.5, 1),
        Solid(32, 32, 0, 0, 255, 0.7, 1), Solid(32, 32, 255, 255, 0, 0.9, 1),
    ];

    [Fact]
    public void PlacesImagesLeftToRightThenTopToBottom()
    {
        var grid = ImageGrid.Compose(Four, new ImageGridOptions { Columns = 2, Captions = [], Spacing = 0 });
        Assert.Equal((64, 64), (grid.Width, grid.Height));
        Assert.Equal(((byte)255, (byte)0, (byte)0), At(grid.Pixels, 5, 5));
        Assert.Equal(((byte)0, (byte)255, (byte)0), At(grid.Pixels, 40, 5));
        Assert.Equal(((byte)0, (byte)0, (byte)255), At(grid.Pixels, 5, 40));
        Assert.Equal(((byte)255, (byte)255, (byte)0), At(grid.Pixels, 40, 40));
    }

    [Fact]
    public void CaptionsAStripUnderEachCellWithVisibleText()
    {
        var grid = ImageGrid.Compose(Four, new ImageGridOptions { Columns = 2, Spacing = 4 });
        int scale = ImageGrid.CaptionScale(32), strip = ImageGrid.CaptionHeight(2, scale);   // Strength and Seed
        Assert.Equal(2 * 32 + 3 * 4, grid.Width);
        Assert.Equal(2 * (32 + strip) + 3 * 4, grid.Height);

        // The first cell's strip: from under the image to the next row's spacing.
        int ink = 0;
        for (int y = 4 + 32; y < 4 + 32 + strip; y++)
        for (int x = 4; x < 4 + 32; x++)
            if (At(grid.Pixels, x, y) == ImageGrid.CaptionColour) ink++;
        Assert.True(ink > 20, $"only {ink} caption pixels");
    }

    [Fact]
    public void SmallImagesAreEnlargedWithNearestNeighbourToTheLargest()
    {
        var small = new RgbaImage(2, 1, [255, 0, 0, 255, 0, 0, 255, 255]);
        var images = new[] { new DiffusionImage { Pixels = small }, Solid(8, 4, 0, 255, 0) };
        var grid = ImageGrid.Compose(images, new ImageGridOptions { Columns = 2, Captions = [], Spacing = 0 });
        Assert.Equal((16, 4), (grid.Width, grid.Height));
        // 2×1 → 8×4: the left half red, the right half blue, no blend between them.
        Assert.Equal(((byte)255, (byte)0, (byte)0), At(grid.Pixels, 3, 2));
        Assert.Equal(((byte)0, (byte)0, (byte)255), At(grid.Pixels, 4, 2));
    }

    [Fact]
    public void AGivenCellWidthKeepsTheLargestImagesAspectRatio()
    {
        var grid = ImageGrid.Compose([Solid(64, 32, 1, 2, 3)], new ImageGridOptions { CellWidth = 32, Captions = [], Spacing = 0 });
        Assert.Equal((32, 16), (grid.Width, grid.Height));
    }

    [Fact]
    public void KeepsTheParametersTheImagesShare()
    {
        var grid = ImageGrid.Compose(Four, new ImageGridOptions { Captions = [] });
        Assert.Equal(1u, grid.Settings.Seed);
        Assert.Equal("fire", grid.Settings.Prompt);
        Assert.Null(grid.Settings.Strength);
    }

    [Fact]
    public void DefaultCaptionIsTheStepOfStepImages_ElseStrengthAndSeed()
    {
        Assert.Equal([("Step", "3")], ImageCaption.Lines(Solid(1, 1, 0, 0, 0, 0.7, 5, step: 3), null));
        Assert.Equal([("Strength", "0.7"), ("Seed", "5")], ImageCaption.Lines(Solid(1, 1, 0, 0, 0, 0.7, 5), null));
    }

    [Fact]
    public void CaptionPropertiesAreCaseInsensitive_UnsetOnesAreLeftOut_UnknownOnesRefused()
    {
        var image = new DiffusionImage { Pixels = new RgbaImage(1, 1), Sigma = 2.918283939, SourcePath = "/sketches/fireplace.png" };
        Assert.Equal([("Sigma", "2.9183"), ("SourcePath", "fireplace.png")], ImageCaption.Lines(image, ["sigma", "Seed", "sourcepath"]));
        Assert.Throws<ArgumentException>(() => ImageCaption.Lines(image, ["Colour"]));
    }

    [Fact]
    public void VariationsAreCaptionedAsSeedWeightPairs_AnEmptyListNotAtAll()
    {
        var variant = new DiffusionImage { Pixels = new RgbaImage(1, 1), Settings = new() { Variations = [new(7, 0.5), new(9, 0.25)] } };
        Assert.Equal([("Variations", "7:0.5,9:0.25")], ImageCaption.Lines(variant, ["Variations"]));
        var plain = new DiffusionImage { Pixels = new RgbaImage(1, 1), Settings = new() { Variations = [] } };
        Assert.Empty(ImageCaption.Lines(plain, ["Variations"]));
    }
}

using InvokeAI.Core.Imaging;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Imaging;

/// <summary>An image object names its file only while the file gives back its very pixels.</summary>
public sealed class UnmodifiedImageFileTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    private string SavedGradient()
    {
        string path = _folder.File("mask.png");
        ImageFile.SavePng(TestImages.Gradient(), path);
        return path;
    }

    [Fact]
    public void AnImportedImageNamesItsFile()
    {
        string path = SavedGradient();

        Assert.Equal(path, UnmodifiedImageFile.Of(new DiffusionImage { Pixels = ImageFile.Load(path), SourcePath = path }));
    }

    [Fact]
    public void AnImageWithOtherPixelsThanItsFileNamesNone()
    {
        string path = SavedGradient();
        var resized = new DiffusionImage { Pixels = TestImages.Gradient(8, 8), SourcePath = path };
        var edited = new DiffusionImage { Pixels = ImageFile.Load(path), SourcePath = path };
        edited.Pixels.Pixels[0] ^= 0xFF;

        Assert.Null(UnmodifiedImageFile.Of(resized));
        Assert.Null(UnmodifiedImageFile.Of(edited));
    }

    [Fact]
    public void AnImageWhoseFileIsGoneOrNeverWasNamesNone()
    {
        string path = SavedGradient();
        var imported = new DiffusionImage { Pixels = ImageFile.Load(path), SourcePath = path };
        File.Delete(path);

        Assert.Null(UnmodifiedImageFile.Of(imported));
        Assert.Null(UnmodifiedImageFile.Of(new DiffusionImage { Pixels = TestImages.Gradient() }));
    }

    public void Dispose() => _folder.Dispose();
}

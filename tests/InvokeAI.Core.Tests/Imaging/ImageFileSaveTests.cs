using InvokeAI.Core.Imaging;

namespace InvokeAI.Core.Tests.Imaging;

public sealed class ImageFileSaveTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("a.png", ImageFileFormat.Png)]
    [InlineData("a.PNG", ImageFileFormat.Png)]
    [InlineData("a.jpg", ImageFileFormat.Jpeg)]
    [InlineData("a.jpeg", ImageFileFormat.Jpeg)]
    [InlineData("dir.v2/a.Webp", ImageFileFormat.Webp)]
    [InlineData("a.gif", null)]
    [InlineData("a", null)]
    [InlineData("a.png.txt", null)]
    public void TheExtensionChoosesTheFormat(string path, ImageFileFormat? expected) =>
        Assert.Equal(expected, ImageFileFormats.FromPath(path));

    [Theory]
    [InlineData(ImageFileFormat.Png, "out.png", new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' })]
    [InlineData(ImageFileFormat.Jpeg, "out.jpg", new byte[] { 0xFF, 0xD8, 0xFF })]
    public void EachFormatWritesItsOwnSignature(ImageFileFormat format, string name, byte[] signature)
    {
        string file = _folder.File(name);
        ImageFile.Save(TestImages.Gradient(), file, format);
        Assert.Equal(signature, File.ReadAllBytes(file)[..signature.Length]);
    }

    [Fact]
    public void WebpIsARiffContainerOfALosslessStream()
    {
        string file = _folder.File("out.webp");
        ImageFile.Save(TestImages.Gradient(), file, ImageFileFormat.Webp);
        byte[] bytes = File.ReadAllBytes(file);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("WEBP", System.Text.Encoding.ASCII.GetString(bytes, 8, 4));
        Assert.Equal("VP8L", System.Text.Encoding.ASCII.GetString(bytes, 12, 4)); // VP8L is the lossless bitstream
    }

    [Theory]
    [InlineData(ImageFileFormat.Png, "exact.png")]
    [InlineData(ImageFileFormat.Webp, "exact.webp")]
    public void LosslessFormatsReadBackTheExactPixelsAlphaIncluded(ImageFileFormat format, string name)
    {
        var image = TestImages.Gradient();
        ImageFile.Save(image, _folder.File(name), format);
        Assert.Equal(image.Pixels, ImageFile.Load(_folder.File(name)).Pixels);
    }

    [Fact]
    public void JpegReadsBackCloseToThePixelsAtQuality95()
    {
        var image = TestImages.Gradient(64, 64);
        ImageFile.Save(image, _folder.File("close.jpg"), ImageFileFormat.Jpeg);
        var back = ImageFile.Load(_folder.File("close.jpg"));
        Assert.Equal((64, 64), (back.Width, back.Height));
        double error = 0;
        int count = 0;
        for (int i = 4; i < image.Pixels.Length; i += 4) // skip the transparent corner: JPEG has no alpha
        for (int c = 0; c < 3; c++, count++)
            error += Math.Abs(image.Pixels[i + c] - back.Pixels[i + c]);
        Assert.True(error / count < 2.0, $"mean error {error / count:0.00}");
        Assert.All(Enumerable.Range(0, back.Width * back.Height), p => Assert.Equal(255, back.Pixels[p * 4 + 3]));
    }

    [Theory]
    [InlineData(ImageFileFormat.Png, "kept.png")]
    [InlineData(ImageFileFormat.Jpeg, "kept.jpg")]
    [InlineData(ImageFileFormat.Webp, "kept.webp")]
    public void AnExistingFileIsKeptWithoutOverwriteAndNoTemporaryFileIsLeft(ImageFileFormat format, string name)
    {
        string file = _folder.Touch(name);
        var error = Assert.Throws<ImageFileException>(() => ImageFile.Save(TestImages.Gradient(), file, format));
        Assert.Equal(file, error.Path);
        Assert.Equal("taken", File.ReadAllText(file));
        Assert.Equal([file], Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void OverwriteReplacesAnExistingFile()
    {
        string file = _folder.Touch("replaced.webp");
        ImageFile.Save(TestImages.Gradient(), file, ImageFileFormat.Webp, overwrite: true);
        Assert.Equal(TestImages.Gradient().Pixels, ImageFile.Load(file).Pixels);
        Assert.Single(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void AFailedRenameLeavesNothingBehind()
    {
        // A folder where the file should go: the encode succeeds, the final rename fails.
        string target = _folder.File("taken.jpg");
        Directory.CreateDirectory(target);
        Assert.Throws<ImageFileException>(() => ImageFile.Save(TestImages.Gradient(), target, ImageFileFormat.Jpeg, overwrite: true));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void MissingFoldersAreCreated()
    {
        string file = _folder.File("a/b/c.png");
        ImageFile.Save(TestImages.Gradient(), file, ImageFileFormat.Png);
        Assert.True(File.Exists(file));
    }
}

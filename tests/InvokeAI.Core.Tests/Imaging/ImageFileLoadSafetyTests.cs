using System.Diagnostics;
using InvokeAI.Core.Imaging;

namespace InvokeAI.Core.Tests.Imaging;

/// <summary>What a hostile or careless drop folder holds: each file is refused, named, and nothing hangs or bloats.</summary>
public sealed class ImageFileLoadSafetyTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string name, byte[] bytes)
    {
        string file = _folder.File(name);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    [Theory]
    [InlineData(30000, 30000)]
    [InlineData(10000, 10000)]
    public void A_header_declaring_more_pixels_than_the_default_limit_is_refused_before_decoding(int width, int height)
    {
        string bomb = Write("bomb.png", HostileImageFiles.PngDeclaring(width, height));
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<ImageFileException>(() => ImageFile.Load(bomb));

        Assert.Equal(ImageFileFault.TooLarge, e.Fault);
        Assert.Equal(bomb, e.Path);
        Assert.Contains(bomb, e.Message);
        Assert.Contains($"{width}×{height}", e.Message);
        Assert.Contains("67,108,864 pixels", e.Message);
        // Decoding even one row band of the picture would take far more than this.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 * 1024 * 1024);
    }

    [Fact]
    public void The_limit_is_the_callers_to_set()
    {
        string file = Write("64.png", HostileImageFiles.Encoded(ImageFileFormat.Png, 64, 64));

        var e = Assert.Throws<ImageFileException>(() => ImageFile.Load(file, new ImageLoadLimits { MaxPixels = 64 * 64 - 1 }));
        Assert.Equal(ImageFileFault.TooLarge, e.Fault);
        Assert.Contains("4,095 pixels", e.Message);

        Assert.Equal(64, ImageFile.Load(file, new ImageLoadLimits { MaxPixels = 64 * 64 }).Width);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(ImageLoadLimits.LargestMaxPixels + 1)]
    public void A_limit_out_of_range_is_refused(long maxPixels) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageLoadLimits { MaxPixels = maxPixels });

    [Fact]
    public void The_default_limit_is_8192_squared() => Assert.Equal(8192L * 8192, ImageLoadLimits.Default.MaxPixels);

    [Theory]
    [InlineData(ImageFileFormat.Png)]
    [InlineData(ImageFileFormat.Jpeg)]
    [InlineData(ImageFileFormat.Webp)]
    public void A_file_cut_in_half_is_truncated_not_a_picture_with_a_hole(ImageFileFormat format)
    {
        byte[] whole = HostileImageFiles.Encoded(format, 64, 64);
        string half = Write($"half.{format}", whole[..(whole.Length / 2)]);

        var e = Assert.Throws<ImageFileException>(() => ImageFile.Load(half));

        Assert.Equal(ImageFileFault.Truncated, e.Fault);
        Assert.Contains(half, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData(ImageFileFormat.Png)]
    [InlineData(ImageFileFormat.Jpeg)]
    [InlineData(ImageFileFormat.Webp)]
    public void A_file_missing_only_its_last_byte_is_truncated(ImageFileFormat format)
    {
        byte[] whole = HostileImageFiles.Encoded(format);
        string cut = Write($"cut.{format}", whole[..^1]);

        Assert.Equal(ImageFileFault.Truncated, Assert.Throws<ImageFileException>(() => ImageFile.Load(cut)).Fault);
    }

    [Theory]
    [InlineData(ImageFileFormat.Png)]
    [InlineData(ImageFileFormat.Jpeg)]
    public void Bytes_after_the_end_marker_are_not_mistaken_for_damage(ImageFileFormat format)
    {
        // Some cameras and editors append data after the image; decoders ignore it, and so does the check.
        string file = Write($"trailer.{format}", [.. HostileImageFiles.Encoded(format), .. "trailing data"u8]);

        Assert.Equal(16, ImageFile.Load(file).Width);
    }

    [Theory]
    [InlineData(ImageFileFormat.Png)]
    [InlineData(ImageFileFormat.Jpeg)]
    [InlineData(ImageFileFormat.Webp)]
    public void Complete_files_load(ImageFileFormat format)
    {
        string file = Write($"whole.{format}", HostileImageFiles.Encoded(format, 24, 40));

        var image = ImageFile.Load(file);

        Assert.Equal((24, 40), (image.Width, image.Height));
    }

    [Fact]
    public void A_jpeg_whose_thumbnail_ends_inside_its_exif_is_checked_to_its_own_end()
    {
        // The EXIF block holds its own small JPEG, with an end marker: cutting the file after that must still count.
        byte[] whole = HostileImageFiles.JpegWithOrientation(1);
        string cut = Write("cut.jpg", whole[..(whole.Length - 40)]);

        Assert.Equal(ImageFileFault.Truncated, Assert.Throws<ImageFileException>(() => ImageFile.Load(cut)).Fault);
    }

    [Theory]
    [InlineData(6, true)]   // turned 90° clockwise to stand upright: the stored top ends on the right
    [InlineData(8, false)]  // turned 90° counter-clockwise: the stored top ends on the left
    public void Exif_orientation_turns_the_pixels_upright(ushort orientation, bool topEndsOnTheRight)
    {
        string photo = Write("phone.jpg", HostileImageFiles.JpegWithOrientation(orientation));

        var image = ImageFile.Load(photo);

        Assert.Equal((16, 32), (image.Width, image.Height));
        var (left, right) = (Red(image, 0, 16), Red(image, 15, 16));
        Assert.True(topEndsOnTheRight ? right > 200 && left < 60 : left > 200 && right < 60, $"left red {left}, right red {right}");
    }

    [Fact]
    public void An_upright_photo_stays_as_stored()
    {
        var image = ImageFile.Load(Write("upright.jpg", HostileImageFiles.JpegWithOrientation(1)));

        Assert.Equal((32, 16), (image.Width, image.Height));
        Assert.True(Red(image, 16, 0) > 200 && Red(image, 16, 15) < 60);
    }

    private static byte Red(RgbaImage image, int x, int y) => image.Pixels[(y * image.Width + x) * 4];

    [MkfifoFact]
    public void A_fifo_is_refused_at_once_without_opening_it()
    {
        string fifo = _folder.File("b.png");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) mkfifo.WaitForExit();
        Assert.True(File.Exists(fifo), "mkfifo made no FIFO");

        var load = Task.Run(() => ImageFile.Load(fifo));
        var readText = Task.Run(() => ImageFile.ReadText(fifo));
        // Waits for both to end, failed or not, without rethrowing: the failures are what is checked below.
        bool finished = Task.WhenAll(load, readText).ContinueWith(_ => { }).Wait(TimeSpan.FromSeconds(10));
        if (!finished)
        {
            // A blocked open waits for a writer; giving it one lets the test end, failed.
            using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
        }

        Assert.True(finished, "reading the FIFO blocked");
        foreach (var task in new Task[] { load, readText })
        {
            var e = Assert.IsType<ImageFileException>(task.Exception!.InnerException);
            Assert.Equal(ImageFileFault.NotARegularFile, e.Fault);
            Assert.Contains(fifo, e.Message);
            Assert.Contains("FIFO", e.Message);
        }
    }

    [Fact]
    public void A_device_is_refused()
    {
        if (!File.Exists("/dev/zero")) return; // Windows has no /dev; its devices are not in folders at all
        var e = Assert.Throws<ImageFileException>(() => ImageFile.Load("/dev/zero"));
        Assert.Equal(ImageFileFault.NotARegularFile, e.Fault);
    }

    [Fact]
    public void A_regular_file_is_regular_and_a_link_to_one_too()
    {
        string file = Write("a.png", HostileImageFiles.Encoded(ImageFileFormat.Png));
        string link = _folder.File("link.png");
        File.CreateSymbolicLink(link, file);

        Assert.False(RegularFiles.IsNotRegular(file, out _));
        Assert.False(RegularFiles.IsNotRegular(link, out _));
    }

    [Fact]
    public void The_decoder_list_is_condensed_to_one_line_naming_the_file()
    {
        string junk = Write("junk.png", "this is not a picture at all, only some text"u8.ToArray());

        var e = Assert.Throws<ImageFileException>(() => ImageFile.Load(junk));

        Assert.Equal(ImageFileFault.NotAnImage, e.Fault);
        Assert.Contains(junk, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain("Available decoders", e.Message);
    }

    [Fact]
    public void A_missing_file_is_not_found()
    {
        string missing = _folder.File("gone.png");
        var e = Assert.Throws<ImageFileException>(() => ImageFile.Load(missing));
        Assert.Equal(ImageFileFault.NotFound, e.Fault);
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void Reading_a_bombs_text_decodes_no_pixels()
    {
        string bomb = Write("bomb.png", HostileImageFiles.PngDeclaring(30000, 30000));
        long before = GC.GetAllocatedBytesForCurrentThread();

        ImageFile.ReadText(bomb);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 * 1024 * 1024);
    }

    [Fact]
    public void Reading_a_truncated_files_text_says_it_is_truncated()
    {
        byte[] whole = HostileImageFiles.Encoded(ImageFileFormat.Png, 64, 64);
        string half = Write("half.png", whole[..(whole.Length / 2)]);

        Assert.Equal(ImageFileFault.Truncated, Assert.Throws<ImageFileException>(() => ImageFile.ReadText(half)).Fault);
    }
}

/// <summary>A fact that needs mkfifo: skipped, with the reason shown, where there is none (Windows).</summary>
public sealed class MkfifoFactAttribute : FactAttribute
{
    public MkfifoFactAttribute()
    {
        bool hasMkfifo = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, "mkfifo")));
        if (!hasMkfifo) Skip = "mkfifo is not on PATH here, so no FIFO can be made (Windows has none in its file system).";
    }
}

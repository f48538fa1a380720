using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Tests.Imaging;

namespace InvokeAI.Core.Tests.Metadata;

/// <summary>Metadata written into files by <see cref="ImageFile.Save"/> and found again by <see cref="ImageMetadataReader"/>.</summary>
public sealed class ImageMetadataFileTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(ImageFileFormat.Png, "render.png")]
    [InlineData(ImageFileFormat.Jpeg, "render.jpg")]
    [InlineData(ImageFileFormat.Webp, "render.webp")]
    public void EveryFormatCarriesTheModulesRecord(ImageFileFormat format, string name)
    {
        var image = SampleRecords.Render(prompt: "café at night, \"neon\"");
        string file = _folder.File(name);
        ImageFile.Save(image.Pixels, file, format, text: RenderMetadata.For(image));

        var metadata = ImageMetadataReader.ReadFile(file);
        Assert.NotNull(metadata);
        Assert.Equal(MetadataFormats.InvokeAIPowerShell, metadata.Format);
        Assert.Equal(file, metadata.Path);
        var expected = RenderRecordJson.TryRead(RenderRecordJson.Write(image))! with { Path = file };
        Assert.Equal(expected, metadata);
        Assert.Equal(image.Settings, metadata.Settings);
    }

    [Fact]
    public void APngCarriesInvokeAIsChunksBesideTheRecord()
    {
        var image = SampleRecords.Render();
        string file = _folder.File("chunks.png");
        ImageFile.Save(image.Pixels, file, ImageFileFormat.Png, text: RenderMetadata.For(image));

        var text = ImageFile.ReadText(file);
        Assert.StartsWith("\"fire on a hill [smoke]\" -s 50 -S 1592514025", text.Chunks["Dream"]);
        Assert.Contains("\"type\":\"img2img\"", text.Chunks["sd-metadata"]);
        Assert.Contains("\"format\":\"InvokeAI.PowerShell\"", text.Chunks["invokeai-powershell"]);
        Assert.Null(text.Comment);
        // Written as plain tEXt, never compressed, so any tool (or a hex dump) can read it.
        Assert.Contains("tEXtDream", System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file)));
    }

    [Fact]
    public void TheRecordDoesNotChangeThePixels()
    {
        var image = SampleRecords.Render();
        var pixels = TestImages.Gradient();
        ImageFile.Save(pixels, _folder.File("a.webp"), ImageFileFormat.Webp, text: RenderMetadata.For(image));
        Assert.Equal(pixels.Pixels, ImageFile.Load(_folder.File("a.webp")).Pixels);
    }

    [Theory]
    [InlineData(ImageFileFormat.Png, "plain.png")]
    [InlineData(ImageFileFormat.Jpeg, "plain.jpg")]
    [InlineData(ImageFileFormat.Webp, "plain.webp")]
    public void AFileWithoutMetadataGivesNone(ImageFileFormat format, string name)
    {
        ImageFile.Save(TestImages.Gradient(), _folder.File(name), format);
        Assert.True(ImageFile.ReadText(_folder.File(name)).IsEmpty);
        Assert.Null(ImageMetadataReader.ReadFile(_folder.File(name)));
    }

    [Fact]
    public void TheMostCompleteRecordWins()
    {
        var record = SampleRecords.Render();
        var chunks = new Dictionary<string, string>
        {
            ["parameters"] = "a1111\nSteps: 20, Sampler: Euler a, Seed: 1",
            ["prompt"] = """{"1": {"class_type": "KSampler", "inputs": {"seed": 2}}}""",
            ["Dream"] = "\"dream\" -S 3",
        };
        Assert.Equal(MetadataFormats.InvokeAI, Read(chunks).Format);
        Assert.Equal(3UL, Read(chunks).Settings.Seed);

        // InvokeAI's two chunks are one account: the Dream line, the command, wins where they disagree (with a warning),
        // and sd-metadata gives what the line leaves out.
        chunks["sd-metadata"] = SdMetadataJson.Write(record);
        Assert.Equal((3UL, 50), (Read(chunks).Settings.Seed!.Value, Read(chunks).Settings.Steps!.Value));
        Assert.Contains(Read(chunks).Warnings, w => w.Contains("Seed"));
        Assert.Null(Read(chunks).Settings.NoiseSource);

        chunks[RenderRecordJson.Keyword] = RenderRecordJson.Write(record);
        Assert.Equal(MetadataFormats.InvokeAIPowerShell, Read(chunks).Format);

        chunks.Remove(RenderRecordJson.Keyword);
        chunks.Remove("sd-metadata");
        chunks.Remove("Dream");
        Assert.Equal(MetadataFormats.A1111, Read(chunks).Format);
        chunks.Remove("parameters");
        Assert.Equal(MetadataFormats.ComfyUI, Read(chunks).Format);
    }

    [Fact]
    public void ADamagedRecordIsPassedOverForTheNext()
    {
        var chunks = new Dictionary<string, string>
        {
            [RenderRecordJson.Keyword] = "{\"format\":\"InvokeAI.PowerShell\",\"seed\":",
            ["sd-metadata"] = "{broken",
            ["parameters"] = "fire\nSteps: 20, Seed: 5",
        };
        Assert.Equal((MetadataFormats.A1111, 5UL), (Read(chunks).Format, Read(chunks).Settings.Seed!.Value));
    }

    [Fact]
    public void A1111sParametersAreReadFromAJpegComment()
    {
        // piexif, which A1111 uses, writes the UTF-16 comment big-endian whatever the EXIF block's byte order; read
        // the other way round its characters come out byte-swapped, which the reader undoes.
        const string parameters = "a fox\nNegative prompt: blur\nSteps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 99, Size: 64x64";
        string swapped = new(parameters.Select(c => (char)((c >> 8) | ((c & 0xFF) << 8))).ToArray());
        foreach (string comment in new[] { parameters, swapped })
        {
            string file = _folder.File($"a1111-{comment.GetHashCode():x}.jpg");
            ImageFile.Save(TestImages.Gradient(), file, ImageFileFormat.Jpeg, text: new ImageFileText(new Dictionary<string, string>(), comment));
            var metadata = ImageMetadataReader.ReadFile(file);
            Assert.NotNull(metadata);
            Assert.Equal((MetadataFormats.A1111, "a fox", "blur", 99UL), (metadata.Format, metadata.Settings.Prompt, metadata.Settings.NegativePrompt, metadata.Settings.Seed!.Value));
            Assert.Equal(("k_dpmpp_2m", true), (metadata.Settings.Sampler, metadata.Settings.Karras!.Value));
        }
    }

    [Fact]
    public void AFileThatIsNotAnImageIsAnImageFileException()
    {
        string file = _folder.Touch("not-an-image.png");
        Assert.Equal(file, Assert.Throws<ImageFileException>(() => ImageMetadataReader.ReadFile(file)).Path);
        Assert.Throws<ImageFileException>(() => ImageMetadataReader.ReadFile(_folder.File("missing.png")));
    }

    private static ImageMetadata Read(Dictionary<string, string> chunks) =>
        ImageMetadataReader.Read(new ImageFileText(chunks, null)) ?? throw new Xunit.Sdk.XunitException("no metadata found");
}

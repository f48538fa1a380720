using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;
using InvokeAI.DemoModel;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>
/// Inpainting UNets (9 input channels): recognised from the model, fed [latent, mask, masked-image latent], and
/// left to inpaint by themselves. The demo's inpainting variant keeps the masked image where the mask is 0, so its
/// kept region only stays put when the pipeline feeds those channels correctly.
/// </summary>
public sealed class InpaintingUnetTests(InpaintingDemoModels models, ChannelDeclarationDemoModels variants)
    : IClassFixture<InpaintingDemoModels>, IClassFixture<ChannelDeclarationDemoModels>
{
    // Big enough that the hole spans many latent cells: the demo UNet judges each cell by its neighbourhood, so a
    // hole of a cell or two just takes on the colour around it.
    private const int Size = 256, Steps = 10;
    private static readonly PixelRect Hole = new(64, 64, 128, 128);
    private static readonly RgbaImage Warm = InpaintImages.Warm(Size, Size);
    private static IEnumerable<int> HolePixels => InpaintImages.PixelsOf(Hole, Size);

    private static DiffusionImage Render(DiffusionModel model, RgbaImage init, RecordingObserver? observer = null) =>
        Img2ImgPipeline.Render(model, new Img2ImgRequest
        {
            Settings = new() { Prompt = "blue", Strength = 1.0, Steps = Steps, Seed = 1, Sampler = "k_lms" },
            InitImage = init,
        }, observer);

    /// <summary>Latent cells (row-major on the 8×8 grid) entirely outside the hole, and entirely inside it.</summary>
    private static (List<int> Kept, List<int> Inside) Cells()
    {
        var kept = new List<int>();
        var inside = new List<int>();
        for (int cy = 0; cy < Size / 8; cy++)
        for (int cx = 0; cx < Size / 8; cx++)
        {
            var cell = new PixelRect(cx * 8, cy * 8, 8, 8);
            bool overlaps = cell.X < Hole.X + Hole.Width && Hole.X < cell.X + 8 && cell.Y < Hole.Y + Hole.Height && Hole.Y < cell.Y + 8;
            bool within = cell.X >= Hole.X && cell.X + 8 <= Hole.X + Hole.Width && cell.Y >= Hole.Y && cell.Y + 8 <= Hole.Y + Hole.Height;
            if (!overlaps) kept.Add(cy * (Size / 8) + cx);
            if (within) inside.Add(cy * (Size / 8) + cx);
        }
        return (kept, inside);
    }

    /// <summary>The largest |a − b| over the four channels of the given latent cells.</summary>
    private static double LargestDifference(float[] a, float[] b, IEnumerable<int> cells)
    {
        int plane = a.Length / 4;
        return cells.SelectMany(cell => Enumerable.Range(0, 4).Select(c => (double)Math.Abs(a[c * plane + cell] - b[c * plane + cell]))).Max();
    }

    [Fact]
    public void TheNineChannelUnetIsRecognisedFromTheModel()
    {
        Assert.Equal(9, models.Inpainting.Unet.InputChannels);
        Assert.Equal(4, models.Ordinary.Unet.InputChannels);
    }

    [Theory]
    [InlineData(DemoChannelDeclaration.UnetConfig, "unet/config.json")]
    [InlineData(DemoChannelDeclaration.FirstConvolution, "first convolution")]
    [InlineData(DemoChannelDeclaration.PipelineClass, "model_index.json")]
    public void ANineChannelUnetWhoseChannelAxisIsNamedIsRecognisedFromWhatItsExporterWrote(
        DemoChannelDeclaration declaration, string source)
    {
        var model = variants.Load(inpainting: true, declaration);

        Assert.True(model.Unet.Channels is { Count: 9, Declared: false });
        Assert.Contains(source, model.Unet.Channels.Source!.Replace('\\', '/'));
    }

    [Theory]
    [InlineData(DemoChannelDeclaration.UnetConfig)]
    [InlineData(DemoChannelDeclaration.FirstConvolution)]
    [InlineData(DemoChannelDeclaration.PipelineClass)]
    [InlineData(DemoChannelDeclaration.Nothing)]
    public void AFourChannelUnetWhoseChannelAxisIsNamedStaysOrdinary(DemoChannelDeclaration declaration) =>
        Assert.Equal(4, variants.Load(inpainting: false, declaration).Unet.InputChannels);

    [Theory]
    [InlineData(DemoChannelDeclaration.UnetConfig)]
    [InlineData(DemoChannelDeclaration.FirstConvolution)]
    [InlineData(DemoChannelDeclaration.PipelineClass)]
    public void ANamedChannelAxisInpaintsExactlyAsADeclaredOne(DemoChannelDeclaration declaration)
    {
        var init = InpaintImages.WithHole(Warm, Hole);

        var named = Render(variants.Load(inpainting: true, declaration), init);

        Assert.Equal(Render(models.Inpainting, init).Pixels.Pixels, named.Pixels.Pixels);
    }

    [Fact]
    public void WhenNothingTellsTheChannelsAFailingRunSaysWhichFileToWrite()
    {
        string folder = variants.Build(inpainting: true, DemoChannelDeclaration.Nothing, "undeclared");
        string config = Path.Combine(folder, "unet", "config.json");
        using (var guessed = DiffusionModel.Load(folder))
        {
            Assert.True(guessed.Unet.Channels is { Count: 4, Source: null });

            var e = Assert.Throws<ModelRunException>(() => Render(guessed, InpaintImages.WithHole(Warm, Hole)));

            Assert.Equal(Path.Combine(folder, "unet", "model.onnx"), e.Path);
            Assert.Contains("'channels'", e.Message);
            Assert.Contains("4 were assumed", e.Message);
            Assert.Contains($"If it is an inpainting UNet, write {{\"in_channels\": 9}} into '{config}'.", e.Message);
        }

        // Doing what the message says settles it.
        File.WriteAllText(config, "{\"in_channels\": 9}");
        using var told = DiffusionModel.Load(folder);
        var image = Render(told, InpaintImages.WithHole(Warm, Hole));
        Assert.Equal(Render(models.Inpainting, InpaintImages.WithHole(Warm, Hole)).Pixels.Pixels, image.Pixels.Pixels);
    }

    [Fact]
    public void AWrongCountFromAFileIsNamedWhenTheRunFails()
    {
        string folder = variants.Build(inpainting: true, DemoChannelDeclaration.FirstConvolution, "config-says-4");
        string config = Path.Combine(folder, "unet", "config.json");
        File.WriteAllText(config, "{\"in_channels\": 4}");
        using var model = DiffusionModel.Load(folder);

        var e = Assert.Throws<ModelRunException>(() => Render(model, InpaintImages.WithHole(Warm, Hole)));

        Assert.Contains($"4 were taken from in_channels in '{config}'. If that is wrong, write the right count into '{config}'", e.Message);
    }

    [Theory]
    [InlineData("{\"in_channels\": 8}", "takes 8 input channels")]
    [InlineData("{\"in_channels\": \"nine\"}", "must be a whole number")]
    [InlineData("{not json", "is not valid JSON")]
    public void AUnetConfigThatCannotBeUsedIsNamedAtLoad(string json, string expected)
    {
        string folder = variants.Build(inpainting: true, DemoChannelDeclaration.Nothing, $"bad-config-{expected.Length}");
        string config = Path.Combine(folder, "unet", "config.json");
        File.WriteAllText(config, json);

        var e = Assert.Throws<ModelFolderException>(() => DiffusionModel.Load(folder));

        Assert.Contains(expected, e.Message);
        Assert.Contains(config, e.Message);
    }

    [Theory]
    [InlineData("OnnxStableDiffusionInpaintPipeline", 9)]
    [InlineData("StableDiffusionInpaintPipeline", 9)]
    [InlineData("OnnxStableDiffusionInpaintPipelineLegacy", 4)]
    [InlineData("OnnxStableDiffusionPipeline", 4)]
    public void OnlyAnInpaintingPipelineClassMeansNineChannels(string className, int expected)
    {
        string folder = variants.Build(inpainting: false, DemoChannelDeclaration.Nothing, className);
        string index = Path.Combine(folder, "model_index.json");
        File.WriteAllText(index, File.ReadAllText(index).Replace("\"OnnxStableDiffusionPipeline\"", $"\"{className}\""));

        using var model = DiffusionModel.Load(folder);

        Assert.Equal(expected, model.Unet.InputChannels);
    }

    [Fact]
    public void ItRendersOnlyTheHoleAndKeepsEveryOtherPixel()
    {
        var init = InpaintImages.WithHole(Warm, Hole);

        var image = Render(models.Inpainting, init);

        Assert.True(image.Inpainted);
        Assert.Equal((Size, Size), (image.Width, image.Height));
        foreach (int p in Enumerable.Range(0, Size * Size).Except(HolePixels))
        for (int c = 0; c < 3; c++)
            Assert.Equal(init.Pixels[4 * p + c], image.Pixels.Pixels[4 * p + c]);
        Assert.True(InpaintImages.Blueness(image.Pixels, HolePixels) > InpaintImages.Blueness(init, HolePixels) + 30);
    }

    [Fact]
    public void TheKeptRegionFollowsTheMaskedImageLatent()
    {
        var (kept, inside) = Cells();
        var observer = new RecordingObserver();

        Render(models.Inpainting, InpaintImages.WithHole(Warm, Hole), observer);

        // Nothing resets the latent of an inpainting UNet: only the mask and the masked-image latent it is fed keep
        // the cells outside the hole on the init image's latent (zeros would pull them to grey, a wrong channel order
        // anywhere else), through a full-strength render that turns the hole blue.
        float[] clean = observer.Initial!.Denoised, final = observer.Steps[^1].Latent;
        double keptDrift = LargestDifference(final, clean, kept);
        Assert.True(keptDrift < 0.05, $"the kept cells drifted by up to {keptDrift:0.000} from the init latent");
        double holeChange = LargestDifference(final, clean, inside);
        Assert.True(holeChange > 0.5, $"the hole's latent changed by only {holeChange:0.000}");
    }

    [Fact]
    public void WithoutTheMaskTheSameRenderForgetsTheKeptRegion()
    {
        // The control for the test above: an ordinary render at strength 1 moves those same cells far from the init latent.
        var (kept, _) = Cells();
        var observer = new RecordingObserver();

        Render(models.Ordinary, Warm, observer);

        double drift = LargestDifference(observer.Steps[^1].Latent, observer.Initial!.Denoised, kept);
        Assert.True(drift > 0.5, $"an unmasked render moved the cells by only {drift:0.000}");
    }

    [Fact]
    public void WithoutAMaskAnInpaintingUnetRepaintsTheWholeImage()
    {
        var image = Render(models.Inpainting, Warm);

        Assert.False(image.Inpainted);
        Assert.Null(image.MaskHash);
        var all = Enumerable.Range(0, Size * Size).ToList();
        Assert.True(InpaintImages.Blueness(image.Pixels, all) > InpaintImages.Blueness(Warm, all) + 30);
    }

    [Fact]
    public void WhereTheMaskRepaintsTheUnetDenoisesAsTheOrdinaryOneDoes()
    {
        const int cells = 4 * 4;
        float[] latent = DemoModel.DemoTensors.Noise(4 * cells, seed: 3);
        float[] maskedImage = DemoModel.DemoTensors.Noise(4 * cells, seed: 4);
        float[] repaintAll = Enumerable.Repeat(1f, cells).ToArray();

        float[] ordinary = Predict(models.Ordinary, latent, timestep: 500);
        float[] inpainting = Predict(models.Inpainting, [.. latent, .. repaintAll, .. maskedImage], timestep: 500);

        Assert.Equal(ordinary.Length, inpainting.Length);
        for (int i = 0; i < ordinary.Length; i++) Assert.Equal(ordinary[i], inpainting[i], 1e-4);
    }

    [Fact]
    public void WhereTheMaskKeepsTheUnetsCleanEstimateIsTheMaskedImageLatent()
    {
        const int cells = 4 * 4, timestep = 500;
        float[] latent = DemoModel.DemoTensors.Noise(4 * cells, seed: 5);
        float[] maskedImage = DemoModel.DemoTensors.Noise(4 * cells, seed: 6);
        float[] keepAll = new float[cells];

        float[] noise = Predict(models.Inpainting, [.. latent, .. keepAll, .. maskedImage], timestep);

        // ε̂ = (z − √ᾱ·x̂0)/√(1 − ᾱ), so x̂0 = (z − √(1 − ᾱ)·ε̂)/√ᾱ.
        double alphaBar = models.Inpainting.NoiseSchedule.AlphasCumprod[timestep];
        for (int i = 0; i < latent.Length; i++)
        {
            double estimate = (latent[i] - Math.Sqrt(1 - alphaBar) * noise[i]) / Math.Sqrt(alphaBar);
            Assert.Equal(maskedImage[i], estimate, 1e-3);
        }
    }

    /// <summary>One UNet call on a 4×4 latent with the empty prompt.</summary>
    private static float[] Predict(DiffusionModel model, float[] sample, double timestep)
    {
        var empty = model.TextEncoder.Encode(model.Tokenizer.Encode("").InputIds, default);
        int channels = sample.Length / 16;
        var conditioning = model.Unet.Condition(1, empty.HiddenStates, empty.Tokens, empty.HiddenSize, new Dictionary<string, float[]>());
        return model.Unet.Predict(sample, 1, channels, 4, 4, timestep, conditioning, default);
    }
}

/// <summary>The ordinary demo model and its inpainting variant, built into one temporary folder and loaded on the CPU.</summary>
public sealed class InpaintingDemoModels : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"invokeai-inpainting-{Guid.NewGuid():N}");

    public InpaintingDemoModels()
    {
        try
        {
            DemoModelBuilder.Build(OrdinaryFolder);
            DemoModelBuilder.Build(InpaintingFolder, new DemoModelOptions { Inpainting = true });
            Ordinary = DiffusionModel.Load(OrdinaryFolder);
            Inpainting = DiffusionModel.Load(InpaintingFolder);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string OrdinaryFolder => Path.Combine(_root, "ordinary");
    public string InpaintingFolder => Path.Combine(_root, "inpainting");
    public DiffusionModel Ordinary { get; } = null!;
    public DiffusionModel Inpainting { get; } = null!;

    public void Dispose()
    {
        Ordinary?.Dispose();
        Inpainting?.Dispose();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}

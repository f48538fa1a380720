using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Scheduling;
using InvokeAI.DemoModel;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>
/// The pipeline renders with a UNet whatever form its timestep input takes (float32 [batch], int64 [batch],
/// float32 rank 0, float16 [batch]), and the form changes the picture no more than the value itself demands.
/// What exactly each form receives is pinned by <see cref="Models.UnetTimestepFeedTests"/>.
/// </summary>
public sealed class TimestepVariantRenderTests(TimestepVariantModels variants) : IClassFixture<TimestepVariantModels>
{
    private static readonly RgbaImage Blue = DemoModelFixture.Gradient(64, 64, (30, 60, 200), (60, 90, 220));

    /// <summary>
    /// Mean difference in 8-bit levels allowed between int64 or float16 renders and float32 ones. An int64 UNet
    /// receives the fractional timesteps rounded, a float16 one to half precision (steps of 0.5 above 512), which
    /// moves each step's noise level a little (a few hundredths of a level here).
    /// </summary>
    private const double RoundedTimestepTolerance = 1.0;

    private DiffusionImage Render(DemoTimestepInput variant, int steps = 10) =>
        Img2ImgPipeline.Render(variants.ModelOf(variant), new Img2ImgRequest
        {
            InitImage = Blue,
            // The sampler named rather than defaulted: the timestep arithmetic below is LMS's linspace schedule.
            Settings = new() { Prompt = "fire", Strength = 0.7, Steps = steps, Seed = 1, Sampler = "k_lms" },
        });

    [Theory]
    [InlineData(DemoTimestepInput.Float32Batch)]
    [InlineData(DemoTimestepInput.Int64Batch)]
    [InlineData(DemoTimestepInput.Float32Scalar)]
    [InlineData(DemoTimestepInput.Float16Batch)]
    public void EveryVariantRendersTowardThePrompt(DemoTimestepInput variant)
    {
        var image = Render(variant);

        Assert.Equal((64, 64), (image.Width, image.Height));
        Assert.Equal(7, image.StepsTaken);
        var source = DemoModelFixture.MeanColour(Blue);
        var result = DemoModelFixture.MeanColour(image.Pixels);
        Assert.True(result.R - result.B > source.R - source.B + 20,
            $"{variant}: fire left R−B at {result.R - result.B:0} (the init image has {source.R - source.B:0})");
    }

    [Theory]
    [InlineData(DemoTimestepInput.Int64Batch)]
    [InlineData(DemoTimestepInput.Float16Batch)]
    public void AtIntegerTimestepsNarrowerFormsRenderAsFloat32Does(DemoTimestepInput variant)
    {
        // Ten LMS steps over 999 training steps land on multiples of 111: nothing for int64 to round, and whole
        // numbers below 2048 are exact in float16.
        Assert.All(TimestepsOf(steps: 10), t => Assert.Equal(Math.Round(t), t, 9));

        Assert.Equal(Render(DemoTimestepInput.Float32Batch).Pixels.Pixels, Render(variant).Pixels.Pixels);
    }

    [Theory]
    [InlineData(DemoTimestepInput.Int64Batch)]
    [InlineData(DemoTimestepInput.Float16Batch)]
    public void AtFractionalTimestepsNarrowerFormsAgreeCloselyWithFloat32(DemoTimestepInput variant)
    {
        const int steps = 12;
        // Twelve steps give 999·k/11, which neither int64 nor float16 holds exactly (908.18… is 908 in float16).
        Assert.Contains(TimestepsOf(steps), t => Math.Abs(t - Math.Round(t)) > 0.1);

        byte[] narrowed = Render(variant, steps).Pixels.Pixels;
        byte[] exact = Render(DemoTimestepInput.Float32Batch, steps).Pixels.Pixels;

        Assert.NotEqual(exact, narrowed);
        double difference = MeanAbsoluteDifference(narrowed, exact);
        Assert.True(difference < RoundedTimestepTolerance,
            $"{variant} and float32 renders differ by {difference:0.000} levels on average");
    }

    [Fact]
    public void ScalarAndBatchFloat32RendersAreIdentical() =>
        Assert.Equal(Render(DemoTimestepInput.Float32Batch).Pixels.Pixels, Render(DemoTimestepInput.Float32Scalar).Pixels.Pixels);

    private IReadOnlyList<double> TimestepsOf(int steps) =>
        new LmsSampler(variants.ModelOf(DemoTimestepInput.Float32Batch).SchedulerConfig, steps).Timesteps;

    private static double MeanAbsoluteDifference(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return Enumerable.Range(0, a.Length).Average(i => (double)Math.Abs(a[i] - b[i]));
    }
}

/// <summary>Every timestep variant of the demo model, built into one temporary folder and loaded on the CPU.</summary>
public sealed class TimestepVariantModels : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"invokeai-render-variants-{Guid.NewGuid():N}");
    private readonly Dictionary<DemoTimestepInput, DiffusionModel> _models = [];

    public TimestepVariantModels()
    {
        try
        {
            foreach (var variant in Enum.GetValues<DemoTimestepInput>())
            {
                string folder = Path.Combine(_root, variant.ToString());
                DemoModelBuilder.Build(folder, new DemoModelOptions { Timestep = variant });
                _models[variant] = DiffusionModel.Load(folder);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public DiffusionModel ModelOf(DemoTimestepInput variant) => _models[variant];

    public void Dispose()
    {
        foreach (var model in _models.Values) model.Dispose();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}

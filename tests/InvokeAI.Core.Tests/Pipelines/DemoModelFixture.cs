using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;
using InvokeAI.DemoModel;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>The demo model built once into a temporary folder and loaded on the CPU, shared by a test class.</summary>
public class DemoModelFixture : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"invokeai-demo-{Guid.NewGuid():N}");
    public DiffusionModel Model { get; }

    public DemoModelFixture() : this(new DemoModelOptions())
    {
    }

    /// <summary>A variant of the demo model (see <see cref="DemoModelOptions"/>), for a fixture of its own.</summary>
    protected DemoModelFixture(DemoModelOptions options)
    {
        DemoModelBuilder.Build(Folder, options);
        Model = DiffusionModel.Load(Folder);
    }

    /// <summary>A left-to-right gradient between two colours, opaque.</summary>
    public static RgbaImage Gradient(int width, int height, (byte R, byte G, byte B) from, (byte R, byte G, byte B) to)
    {
        var image = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            double t = width > 1 ? x / (width - 1.0) : 0;
            int i = 4 * (y * width + x);
            image.Pixels[i] = (byte)Math.Round(from.R + (to.R - from.R) * t);
            image.Pixels[i + 1] = (byte)Math.Round(from.G + (to.G - from.G) * t);
            image.Pixels[i + 2] = (byte)Math.Round(from.B + (to.B - from.B) * t);
            image.Pixels[i + 3] = 255;
        }
        return image;
    }

    public static (double R, double G, double B) MeanColour(RgbaImage image)
    {
        double r = 0, g = 0, b = 0;
        for (int i = 0; i < image.Pixels.Length; i += 4) { r += image.Pixels[i]; g += image.Pixels[i + 1]; b += image.Pixels[i + 2]; }
        int n = image.Pixels.Length / 4;
        return (r / n, g / n, b / n);
    }

    public void Dispose()
    {
        Model.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}

/// <summary>Records what a render reports.</summary>
internal sealed class RecordingObserver : InvokeAI.Core.Pipelines.IRenderObserver
{
    public List<string> Warnings { get; } = [];
    public List<string> VerboseMessages { get; } = [];
    public List<InvokeAI.Core.Pipelines.RenderStep> Steps { get; } = [];
    public InvokeAI.Core.Pipelines.RenderStep? Initial { get; private set; }
    public Action<InvokeAI.Core.Pipelines.RenderStep>? OnStep { get; init; }

    public void Warning(string message) => Warnings.Add(message);
    public void Verbose(string message) => VerboseMessages.Add(message);
    public void Started(InvokeAI.Core.Pipelines.RenderStep initial) => Initial = initial;
    public void StepCompleted(InvokeAI.Core.Pipelines.RenderStep step)
    {
        Steps.Add(step);
        OnStep?.Invoke(step);
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Families;

/// <summary>
/// One torch reference render of tests/fixtures/references: its settings as the JSON beside the PNG states them,
/// the model folder it was made with, and the reference pixels.
/// </summary>
public sealed record ReferenceCase(string Model, string Case, RenderSettings Settings, RgbaImage InitImage, RgbaImage Expected)
{
    public static string ModelFolder(string name) => RepoPaths.Combine("tests", "fixtures", "models", name);

    /// <summary>Reads references/<paramref name="set"/>/<paramref name="name"/>.json; <paramref name="model"/> is the folder to render on.</summary>
    public static ReferenceCase Load(string model, string set, string name, RenderSettings? extra = null)
    {
        string folder = RepoPaths.Combine("tests", "fixtures", "references", set);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, name + ".json")));
        var root = json.RootElement;
        string? Text(string key) => root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        string expected = Text("reference_image") ?? Text("expected_image") ?? Text("reference_png")
                          ?? throw new InvalidDataException($"{name}.json names no reference image.");
        var settings = new RenderSettings
        {
            Prompt = Text("prompt"),
            NegativePrompt = Text("negative_prompt") ?? "",
            Seed = root.GetProperty("seed").GetUInt64(),
            Steps = root.GetProperty("steps").GetInt32(),
            Strength = root.GetProperty("strength").GetDouble(),
            CfgScale = root.GetProperty("cfg_scale").GetDouble(),
            Sampler = Text("sampler"),
            Karras = root.TryGetProperty("karras", out var karras) && karras.ValueKind == JsonValueKind.True,
            Eta = root.TryGetProperty("eta", out var eta) && eta.ValueKind == JsonValueKind.Number ? eta.GetDouble() : null,
            NoiseSource = NoiseSource.Cpu,
        };
        return new ReferenceCase(model, name, (extra ?? RenderSettings.None).Over(settings),
            ImageFile.Load(Path.Combine(folder, Text("init_image")!)), ImageFile.Load(Path.Combine(folder, expected)));
    }

    /// <summary>The largest difference of any channel of any pixel, in grey levels (alpha ignored).</summary>
    public static int LargestDifference(RgbaImage actual, RgbaImage expected)
    {
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        int largest = 0;
        for (int i = 0; i < actual.Pixels.Length; i++)
        {
            if (i % 4 == 3) continue;
            largest = Math.Max(largest, Math.Abs(actual.Pixels[i] - expected.Pixels[i]));
        }
        return largest;
    }

    public override string ToString() => $"{Model}/{Case}";
}

/// <summary>The fixture model folders, each loaded once on the CPU for every test that renders on it.</summary>
public sealed class FixtureModels : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<DiffusionModel>> _models = new();

    public DiffusionModel this[string name] => _models.GetOrAdd(name, n => new Lazy<DiffusionModel>(() =>
        DiffusionModel.Load(ReferenceCase.ModelFolder(n), new ModelLoadOptions { Provider = ExecutionProvider.Cpu }))).Value;

    public void Dispose()
    {
        foreach (var model in _models.Values.Where(m => m.IsValueCreated)) model.Value.Dispose();
    }
}

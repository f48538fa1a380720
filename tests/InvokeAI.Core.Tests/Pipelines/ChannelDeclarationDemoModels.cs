using InvokeAI.Core.Models;
using InvokeAI.DemoModel;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>
/// Variants of the demo model whose UNet leaves its channel axis symbolic, as real exports do, each telling the number
/// where one exporter puts it. Built into one temporary folder when first asked for and loaded on the CPU.
/// </summary>
public sealed class ChannelDeclarationDemoModels : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"invokeai-channels-{Guid.NewGuid():N}");
    private readonly Dictionary<string, DiffusionModel> _loaded = [];

    /// <summary>The loaded variant; the same instance for every test that asks.</summary>
    public DiffusionModel Load(bool inpainting, DemoChannelDeclaration channels)
    {
        lock (_loaded)
        {
            string name = $"{(inpainting ? "inpainting" : "ordinary")}-{channels}";
            if (!_loaded.TryGetValue(name, out var model))
                _loaded[name] = model = DiffusionModel.Load(Build(inpainting, channels, name));
            return model;
        }
    }

    /// <summary>A fresh folder of the variant under <paramref name="name"/>, for a test that changes its files.</summary>
    public string Build(bool inpainting, DemoChannelDeclaration channels, string name)
    {
        string folder = Path.Combine(_root, name);
        DemoModelBuilder.Build(folder, new DemoModelOptions { Inpainting = inpainting, Channels = channels });
        return folder;
    }

    public void Dispose()
    {
        foreach (var model in _loaded.Values) model.Dispose();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}

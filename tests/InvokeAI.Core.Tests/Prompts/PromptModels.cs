using System.Collections.Concurrent;
using InvokeAI.Core.Models;
using InvokeAI.Core.Tests.Families;
using InvokeAI.DemoModel;

namespace InvokeAI.Core.Tests.Prompts;

/// <summary>
/// The models prompt tests encode with, loaded on first use: "demo" (a lookup-table encoder, empty prompt all zeros)
/// and the real-architecture fixtures "tiny-sd" and "tiny-sdxl" (two encoders and a pooled embedding).
/// </summary>
public sealed class PromptModels : IDisposable
{
    private readonly string _demoFolder = Path.Combine(Path.GetTempPath(), $"invokeai-prompts-{Guid.NewGuid():N}");
    private readonly ConcurrentDictionary<string, Lazy<DiffusionModel>> _models = new();

    public DiffusionModel this[string name] => _models.GetOrAdd(name, n => new Lazy<DiffusionModel>(() => Load(n))).Value;

    private DiffusionModel Load(string name)
    {
        if (name != "demo")
            return DiffusionModel.Load(ReferenceCase.ModelFolder(name), new ModelLoadOptions { Provider = ExecutionProvider.Cpu });
        DemoModelBuilder.Build(_demoFolder);
        return DiffusionModel.Load(_demoFolder);
    }

    public void Dispose()
    {
        foreach (var model in _models.Values.Where(m => m.IsValueCreated)) model.Value.Dispose();
        try { if (Directory.Exists(_demoFolder)) Directory.Delete(_demoFolder, recursive: true); } catch (IOException) { }
    }
}

using InvokeAI.DemoModel;
using Microsoft.ML.OnnxRuntime;

namespace InvokeAI.Core.Tests.DemoModel;

/// <summary>
/// One demo model built into a temporary folder for a test class, with a CPU session per sub-model; the folder
/// and the sessions go when the class is done.
/// </summary>
public sealed class DemoModelFolderFixture : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"invokeai-demomodel-{Guid.NewGuid():N}");
    private readonly Lazy<InferenceSession> _textEncoder, _unet, _vaeEncoder, _vaeDecoder;

    public DemoModelFolderFixture()
    {
        Folder = Path.Combine(_root, "demo");
        DemoModelBuilder.Build(Folder);
        _textEncoder = Open("text_encoder/model.onnx");
        _unet = Open("unet/model.onnx");
        _vaeEncoder = Open("vae_encoder/model.onnx");
        _vaeDecoder = Open("vae_decoder/model.onnx");
    }

    public string Folder { get; }
    public InferenceSession TextEncoder => _textEncoder.Value;
    public InferenceSession Unet => _unet.Value;
    public InferenceSession VaeEncoder => _vaeEncoder.Value;
    public InferenceSession VaeDecoder => _vaeDecoder.Value;

    public string PathOf(string relative) => Path.Combine(Folder, relative.Replace('/', Path.DirectorySeparatorChar));

    public void Dispose()
    {
        foreach (var session in new[] { _textEncoder, _unet, _vaeEncoder, _vaeDecoder })
            if (session.IsValueCreated) session.Value.Dispose();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private Lazy<InferenceSession> Open(string relative) => new(() => new InferenceSession(PathOf(relative)));
}

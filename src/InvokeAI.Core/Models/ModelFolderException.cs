namespace InvokeAI.Core.Models;

/// <summary>
/// A model folder that cannot be used: a file is missing or a sub-model does not have the inputs and outputs a
/// Stable Diffusion ONNX export has. <see cref="Path"/> names the offending file or folder, so callers can
/// report it as the error's target.
/// </summary>
public sealed class ModelFolderException : Exception
{
    public string Path { get; }

    public ModelFolderException(string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        Path = path;
    }
}

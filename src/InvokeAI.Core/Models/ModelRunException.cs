namespace InvokeAI.Core.Models;

/// <summary>
/// A sub-model failed while running (ONNX Runtime refused the inputs) or produced unusable numbers (NaN or
/// infinity, typically an fp16 export overflowing). <see cref="Path"/> names the sub-model's file so the user
/// knows which part to replace or upcast.
/// </summary>
public sealed class ModelRunException : Exception
{
    public string Path { get; }

    public ModelRunException(string path, string message, Exception? inner = null) : base(message, inner)
    {
        Path = path;
    }

    /// <param name="cure">What fixes it for this sub-model; by default, an fp32 export of it.</param>
    internal static void ThrowIfNotFinite(ReadOnlySpan<float> values, OnnxSubModel model, string? cure = null)
    {
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
                throw new ModelRunException(model.FilePath,
                    $"The {model.Name} '{model.FilePath}' produced {(float.IsNaN(v) ? "NaN" : "infinite")} values. " +
                    (cure ?? "fp16 exports do this when they overflow; try an fp32 export of that sub-model."));
        }
    }
}

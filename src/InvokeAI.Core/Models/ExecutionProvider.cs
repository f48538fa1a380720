namespace InvokeAI.Core.Models;

/// <summary>Where ONNX Runtime runs the model.</summary>
public enum ExecutionProvider
{
    /// <summary>CUDA when its libraries load, else the CPU with a warning naming what is missing.</summary>
    Auto,
    Cpu,
    Cuda,
}

namespace InvokeAI.Core.Models;

/// <summary>How to load a model folder.</summary>
public sealed record ModelLoadOptions
{
    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;
    public int DeviceId { get; init; }
}

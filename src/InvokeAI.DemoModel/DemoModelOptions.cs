namespace InvokeAI.DemoModel;

/// <summary>Which variant of the demo model <see cref="DemoModelBuilder"/> writes. The defaults give the built-in demo.</summary>
public sealed record DemoModelOptions
{
    /// <summary>The element type and rank of the UNet's <c>timestep</c> input.</summary>
    public DemoTimestepInput Timestep { get; init; } = DemoTimestepInput.Float32Batch;
}

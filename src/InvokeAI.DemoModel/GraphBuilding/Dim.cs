namespace InvokeAI.DemoModel.GraphBuilding;

/// <summary>
/// One dimension of a graph input or output: a symbolic name for the sizes the caller chooses (batch, height,
/// width), or a fixed size. The implicit conversions let a shape read like <c>("batch", 77)</c>.
/// </summary>
internal readonly record struct Dim(string? Name, long Size)
{
    public static implicit operator Dim(string name) => new(name, 0);
    public static implicit operator Dim(int size) => new(null, size);
}

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Models;

/// <summary>
/// One input or output of a sub-model as its graph declares it: the name, the element type as numpy spells it
/// (float32, float16, int64, int32) and the shape, each axis a number when fixed and its name when symbolic
/// ("batch", "sequence_length"; "?" for an axis with neither).
/// </summary>
public sealed record TensorReport(string Name, string ElementType, IReadOnlyList<string> Shape)
{
    public const string Float32 = "float32", Float16 = "float16";

    /// <summary>True for the floating-point types a model's precision is judged by.</summary>
    public bool IsFloat => ElementType is Float32 or Float16;

    /// <summary>"input_ids int64 [batch_size, sequence_length]".</summary>
    public override string ToString() => $"{Name} {ElementType} [{string.Join(", ", Shape)}]";

    internal static TensorReport From(string name, NodeMetadata metadata) =>
        new(name, ElementTypeName(metadata), ShapeOf(metadata));

    private static string ElementTypeName(NodeMetadata metadata)
    {
        // Sequences and maps have no element type of their own; no Stable Diffusion graph has them, but a report
        // should say what is there rather than fail.
        if (!metadata.IsTensor) return metadata.OnnxValueType.ToString().ToLowerInvariant();
        return metadata.ElementDataType switch
        {
            TensorElementType.Float => Float32,
            TensorElementType.Float16 => Float16,
            TensorElementType.Double => "float64",
            TensorElementType.BFloat16 => "bfloat16",
            var other => other.ToString().ToLowerInvariant(),
        };
    }

    private static string[] ShapeOf(NodeMetadata metadata)
    {
        int[] dimensions = metadata.Dimensions ?? [];
        string[] symbolic = metadata.SymbolicDimensions ?? [];
        var shape = new string[dimensions.Length];
        for (int axis = 0; axis < dimensions.Length; axis++)
        {
            string name = axis < symbolic.Length ? symbolic[axis] : "";
            shape[axis] = dimensions[axis] > 0 ? dimensions[axis].ToString(System.Globalization.CultureInfo.InvariantCulture)
                : name.Length > 0 ? name
                : "?";
        }
        return shape;
    }
}

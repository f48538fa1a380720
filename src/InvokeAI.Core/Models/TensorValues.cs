using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Models;

/// <summary>
/// Converts between the pipeline's float arrays and ONNX tensors of whatever element type a model declares
/// (exports differ: int32 or int64 token ids, float32 or float16 everywhere else). The pipeline computes in float32
/// throughout; conversion happens only here, at a sub-model's boundary.
/// </summary>
internal static class TensorValues
{
    /// <summary>
    /// <paramref name="data"/> as a tensor of <paramref name="type"/>: integer types take the nearest whole number
    /// (a tie the even one), float16 the nearest half-precision value. A float32 tensor wraps the array without copying.
    /// </summary>
    public static OrtValue FromFloats(float[] data, long[] shape, TensorElementType type) => Wrap(Converted(data, type), shape);

    /// <summary>
    /// <paramref name="data"/> converted once to the element type a model input declares, to be wrapped by
    /// <see cref="Wrap"/> as often as needed: what stays the same for a whole render (the prompt's hidden states) is
    /// converted once per render, not once per step.
    /// </summary>
    public static Array Converted(float[] data, TensorElementType type) => type switch
    {
        TensorElementType.Float => data,
        TensorElementType.Float16 => ToHalf(data),
        TensorElementType.Double => Array.ConvertAll(data, v => (double)v),
        TensorElementType.Int64 => Array.ConvertAll(data, v => (long)Math.Round(v)),
        TensorElementType.Int32 => Array.ConvertAll(data, v => (int)Math.Round(v)),
        _ => throw new NotSupportedException($"Model inputs of element type {type} are not supported."),
    };

    /// <summary>A tensor over an array <see cref="Converted"/> made (pinned, not copied).</summary>
    public static OrtValue Wrap(Array data, long[] shape) => data switch
    {
        float[] floats => OrtValue.CreateTensorValueFromMemory(floats, shape),
        Float16[] halves => OrtValue.CreateTensorValueFromMemory(halves, shape),
        double[] doubles => OrtValue.CreateTensorValueFromMemory(doubles, shape),
        long[] longs => OrtValue.CreateTensorValueFromMemory(longs, shape),
        int[] ints => OrtValue.CreateTensorValueFromMemory(ints, shape),
        _ => throw new NotSupportedException($"Arrays of {data.GetType().GetElementType()} are not tensor data."),
    };

    public static OrtValue FromInts(int[] data, long[] shape, TensorElementType type) => type switch
    {
        TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(data, shape),
        TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(data, v => (long)v), shape),
        _ => throw new NotSupportedException($"Token ids of element type {type} are not supported (int32 or int64)."),
    };

    public static float[] ToFloats(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        return info.ElementDataType switch
        {
            TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorElementType.Float16 => FromHalf(value.GetTensorDataAsSpan<Float16>()),
            TensorElementType.Double => Array.ConvertAll(value.GetTensorDataAsSpan<double>().ToArray(), v => (float)v),
            _ => throw new NotSupportedException($"Model outputs of element type {info.ElementDataType} are not supported."),
        };
    }

    public static long[] Shape(OrtValue value) => value.GetTensorTypeAndShape().Shape;

    // ONNX Runtime's Float16 and .NET's Half are both the IEEE binary16 bits in a ushort, so the vectorised
    // conversions of TensorPrimitives can write and read ONNX Runtime's arrays directly.
    private static Float16[] ToHalf(float[] data)
    {
        var result = new Float16[data.Length];
        TensorPrimitives.ConvertToHalf(data, MemoryMarshal.Cast<Float16, Half>(result.AsSpan()));
        return result;
    }

    private static float[] FromHalf(ReadOnlySpan<Float16> data)
    {
        var result = new float[data.Length];
        TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(data), result);
        return result;
    }
}

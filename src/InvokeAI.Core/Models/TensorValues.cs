using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Models;

/// <summary>
/// Converts between the pipeline's float arrays and ONNX tensors of whatever element type a model declares
/// (exports differ: int32 or int64 token ids, float32 or float16 everywhere else).
/// </summary>
internal static class TensorValues
{
    /// <summary>
    /// <paramref name="data"/> as a tensor of <paramref name="type"/>: integer types take the nearest whole number
    /// (a tie the even one), float16 the nearest half-precision value.
    /// </summary>
    public static OrtValue FromFloats(float[] data, long[] shape, TensorElementType type) => type switch
    {
        TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(data, shape),
        TensorElementType.Float16 => OrtValue.CreateTensorValueFromMemory(ToHalf(data), shape),
        TensorElementType.Double => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(data, v => (double)v), shape),
        TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(data, v => (long)Math.Round(v)), shape),
        TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(data, v => (int)Math.Round(v)), shape),
        _ => throw new NotSupportedException($"Model inputs of element type {type} are not supported."),
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

    private static Float16[] ToHalf(float[] data)
    {
        var result = new Float16[data.Length];
        for (int i = 0; i < data.Length; i++) result[i] = (Float16)data[i];
        return result;
    }

    private static float[] FromHalf(ReadOnlySpan<Float16> data)
    {
        var result = new float[data.Length];
        for (int i = 0; i < data.Length; i++) result[i] = (float)data[i];
        return result;
    }
}

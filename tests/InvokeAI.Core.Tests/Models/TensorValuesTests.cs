using InvokeAI.Core.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Tests.Models;

/// <summary>How the pipeline's floats become a tensor of the element type a model input declares.</summary>
public class TensorValuesTests
{
    // Below, at and above the halves: integer inputs get the nearest whole number, a tie the even one (numpy's and
    // torch's round), never the floor.
    private static readonly float[] Fractional = [90.82f, 90.4f, 90.5f, 91.5f, 0.6f];
    private static readonly long[] Rounded = [91, 90, 90, 92, 1];

    [Fact]
    public void Int64ValuesAreRoundedToTheNearestWholeNumber()
    {
        using var value = TensorValues.FromFloats(Fractional, [Fractional.Length], TensorElementType.Int64);

        Assert.Equal(TensorElementType.Int64, value.GetTensorTypeAndShape().ElementDataType);
        Assert.Equal(Rounded, value.GetTensorDataAsSpan<long>().ToArray());
    }

    [Fact]
    public void Int32ValuesAreRoundedTheSameWay()
    {
        using var value = TensorValues.FromFloats(Fractional, [Fractional.Length], TensorElementType.Int32);

        Assert.Equal(Rounded.Select(v => (int)v), value.GetTensorDataAsSpan<int>().ToArray());
    }

    [Fact]
    public void Float16ValuesAreTheNearestHalfPrecisionNumbers()
    {
        // Half precision has 10 fraction bits: steps of 1/16 between 64 and 128, of 1/2 between 512 and 1024.
        float[] values = [90.82f, 900.3f, 999f];

        using var value = TensorValues.FromFloats(values, [values.Length], TensorElementType.Float16);

        Assert.Equal(TensorElementType.Float16, value.GetTensorTypeAndShape().ElementDataType);
        Assert.Equal([90.8125f, 900.5f, 999f], value.GetTensorDataAsSpan<Float16>().ToArray().Select(h => (float)h));
    }

    [Fact]
    public void ARankZeroShapeHoldsOneValue()
    {
        using var value = TensorValues.FromFloats([90.82f], [], TensorElementType.Int64);

        Assert.Empty(value.GetTensorTypeAndShape().Shape);
        Assert.Equal([91L], value.GetTensorDataAsSpan<long>().ToArray());
    }
}

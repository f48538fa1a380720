using InvokeAI.Core.Models;
using InvokeAI.Core.Tests.Pipelines;
using InvokeAI.DemoModel;

namespace InvokeAI.Core.Tests.Models;

/// <summary>
/// What the UNet wrapper hands a timestep input of each form. The demo variants share one denoiser, which
/// interpolates ᾱ between training timesteps, so a variant's answer at t equals the float32 variant's answer at
/// exactly the value that variant received, and differs measurably from its answer at any other value.
/// </summary>
public sealed class UnetTimestepFeedTests(TimestepVariantModels variants) : IClassFixture<TimestepVariantModels>
{
    private const int Side = 4;

    [Theory]
    [InlineData(90.82, 91, 90)]     // rounded, not truncated or floored
    [InlineData(90.4, 90, 91)]      // nor ceiled
    [InlineData(500.5, 500, 501)]   // a tie goes to the even neighbour, as numpy's and torch's round send it
    public void AnInt64TimestepReceivesTheRoundedValue(double timestep, double rounded, double notThis)
    {
        float[] fed = Predict(DemoTimestepInput.Int64Batch, timestep);

        AssertSame(Predict(DemoTimestepInput.Float32Batch, rounded), fed);
        AssertDistinct(Predict(DemoTimestepInput.Float32Batch, notThis), fed);
    }

    [Theory]
    [InlineData(900.3, 900.5)]
    [InlineData(908.1818, 908)]
    public void AFloat16TimestepReceivesTheNearestHalfPrecisionValue(double timestep, double halfPrecision)
    {
        float[] fed = Predict(DemoTimestepInput.Float16Batch, timestep);

        AssertSame(Predict(DemoTimestepInput.Float32Batch, halfPrecision), fed);
        AssertDistinct(Predict(DemoTimestepInput.Float32Batch, timestep), fed);
    }

    [Fact]
    public void Float32TimestepsKeepTheirFraction()
    {
        AssertSame(Predict(DemoTimestepInput.Float32Batch, 90.82), Predict(DemoTimestepInput.Float32Scalar, 90.82));
        AssertDistinct(Predict(DemoTimestepInput.Float32Batch, 91), Predict(DemoTimestepInput.Float32Batch, 90.82));
    }

    /// <summary>One guidance-style UNet call (batch of two: "" and "fire") on a fixed 4×4 latent.</summary>
    private float[] Predict(DemoTimestepInput variant, double timestep)
    {
        var model = variants.ModelOf(variant);
        var uncond = model.TextEncoder.Encode(model.Tokenizer.Encode("").InputIds, default);
        var cond = model.TextEncoder.Encode(model.Tokenizer.Encode("fire").InputIds, default);
        float[] samples = DemoModel.DemoTensors.Noise(2 * 4 * Side * Side, seed: 11);
        var conditioning = model.Unet.Condition(2, [.. uncond.HiddenStates, .. cond.HiddenStates], cond.Tokens, cond.HiddenSize, new Dictionary<string, float[]>());
        return model.Unet.Predict(samples, 2, 4, Side, Side, timestep, conditioning, default);
    }

    /// <summary>
    /// Bit for bit: behind its input the variant computes with the very float32 value, through the same nodes.
    /// </summary>
    private static void AssertSame(float[] expected, float[] actual) => Assert.Equal(expected, actual);

    /// <summary>Apart by more than float32 rounding could explain, so the exact match above means something.</summary>
    private static void AssertDistinct(float[] other, float[] actual)
    {
        double largest = other.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(largest > 1e-5, $"the predictions differ by at most {largest:E2}");
    }
}

using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

public class DdpmPredictionTests
{
    private const double AlphaCumprod = 0.37;
    private static readonly float[] Clean = [0.5f, -1.25f, 2f];
    private static readonly float[] Noise = [1.1f, 0.3f, -0.8f];

    [Theory]
    [InlineData(PredictionType.Epsilon)]
    [InlineData(PredictionType.VPrediction)]
    [InlineData(PredictionType.Sample)]
    public void EveryPredictionTypeRecoversBothCleanLatentAndNoise(PredictionType predictionType)
    {
        float[] sample = Noisy();
        var clean = new float[sample.Length];
        var noise = new float[sample.Length];

        DdpmPrediction.Split(predictionType, Output(predictionType), sample, AlphaCumprod, clean, noise);

        for (int k = 0; k < sample.Length; k++)
        {
            Assert.Equal(Clean[k], clean[k], 1e-5);
            Assert.Equal(Noise[k], noise[k], 1e-5);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void AlphaCumprodMustLeaveSomeSignalAndSomeNoise(double alphaCumprod)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DdpmPrediction.Split(
            PredictionType.Epsilon, Noise, Noisy(), alphaCumprod, new float[3], new float[3]));
    }

    private static float[] Output(PredictionType predictionType)
    {
        var output = new float[Clean.Length];
        for (int k = 0; k < output.Length; k++)
        {
            output[k] = predictionType switch
            {
                PredictionType.Epsilon => Noise[k],
                PredictionType.VPrediction =>
                    (float)(Math.Sqrt(AlphaCumprod) * Noise[k] - Math.Sqrt(1 - AlphaCumprod) * Clean[k]),
                _ => Clean[k],
            };
        }
        return output;
    }

    private static float[] Noisy()
    {
        var noisy = new float[Clean.Length];
        for (int k = 0; k < noisy.Length; k++)
            noisy[k] = (float)(Math.Sqrt(AlphaCumprod) * Clean[k] + Math.Sqrt(1 - AlphaCumprod) * Noise[k]);
        return noisy;
    }
}

using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

public class PredictionConversionTests
{
    private const double Sigma = 3.7;
    private static readonly float[] Clean = [0.5f, -1.25f, 2f];
    private static readonly float[] Noise = [1.1f, 0.3f, -0.8f];

    [Fact]
    public void EpsilonRemovesSigmaTimesTheNoise()
    {
        float[] denoised = PredictionConversion.ToDenoised(PredictionType.Epsilon, Noise, Noisy(), Sigma);

        AssertClose(Clean, denoised);
    }

    [Fact]
    public void VPredictionRecoversTheCleanLatent()
    {
        // v in the model's own variables: input x/√(σ²+1) = α·x0 + σ_s·ε, v = α·ε − σ_s·x0.
        double alpha = 1 / Math.Sqrt(Sigma * Sigma + 1);
        double scaledSigma = Sigma * alpha;
        float[] velocity = new float[Clean.Length];
        for (int k = 0; k < Clean.Length; k++) velocity[k] = (float)(alpha * Noise[k] - scaledSigma * Clean[k]);

        float[] denoised = PredictionConversion.ToDenoised(PredictionType.VPrediction, velocity, Noisy(), Sigma);

        AssertClose(Clean, denoised);
    }

    [Fact]
    public void SamplePredictionIsTheCleanLatentItself()
    {
        float[] denoised = PredictionConversion.ToDenoised(PredictionType.Sample, Clean, Noisy(), Sigma);

        Assert.Equal(Clean, denoised);
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        Assert.Throws<ArgumentException>(
            () => PredictionConversion.ToDenoised(PredictionType.Epsilon, [1f], Noisy(), Sigma));
    }

    private static float[] Noisy()
    {
        var noisy = new float[Clean.Length];
        for (int k = 0; k < Clean.Length; k++) noisy[k] = (float)(Clean[k] + Sigma * Noise[k]);
        return noisy;
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], 5);
    }
}

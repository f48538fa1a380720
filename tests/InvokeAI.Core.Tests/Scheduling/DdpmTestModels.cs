using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>
/// Stand-in UNets for the timestep samplers, whose input is the sample x = √ᾱ·x0 + √(1−ᾱ)·ε itself.
/// </summary>
internal static class DdpmTestModels
{
    /// <summary>
    /// The ideal model for a known clean latent: at the timestep it is called with, the sample's noise is exactly
    /// ε = (x − √ᾱ·x0)/√(1−ᾱ); it answers with ε, v = √ᾱ·ε − √(1−ᾱ)·x0 or x0 by prediction type.
    /// </summary>
    public static ModelFunction Perfect(SchedulerConfig config, float[] clean)
    {
        var training = NoiseSchedule.FromConfig(config);
        return (input, timestep) =>
        {
            double alphaCumprod = AlphaCumprodAt(training, timestep);
            var noise = new double[input.Length];
            for (int k = 0; k < input.Length; k++)
                noise[k] = (input[k] - Math.Sqrt(alphaCumprod) * clean[k]) / Math.Sqrt(1 - alphaCumprod);
            return Express(config.PredictionType, noise, clean.Select(v => (double)v).ToArray(), alphaCumprod);
        };
    }

    /// <summary>
    /// An arbitrary smooth, deterministic noise predictor (not a perfect one), expressed in the config's
    /// prediction type, so runs with ε, v and x0 models describe the same underlying model.
    /// </summary>
    public static ModelFunction Arbitrary(SchedulerConfig config)
    {
        var training = NoiseSchedule.FromConfig(config);
        return (input, timestep) =>
        {
            double alphaCumprod = AlphaCumprodAt(training, timestep);
            var noise = new double[input.Length];
            var clean = new double[input.Length];
            for (int k = 0; k < input.Length; k++)
            {
                noise[k] = 0.6 * input[k] + 0.2 * Math.Sin(0.7 * k + timestep / 150.0);
                clean[k] = (input[k] - Math.Sqrt(1 - alphaCumprod) * noise[k]) / Math.Sqrt(alphaCumprod);
            }
            return Express(config.PredictionType, noise, clean, alphaCumprod);
        };
    }

    public static double AlphaCumprodAt(NoiseSchedule training, double timestep)
    {
        Assert.Equal(Math.Round(timestep), timestep);
        return training.AlphasCumprod[(int)timestep];
    }

    private static float[] Express(PredictionType predictionType, double[] noise, double[] clean, double alphaCumprod)
    {
        var output = new float[noise.Length];
        for (int k = 0; k < output.Length; k++)
        {
            output[k] = predictionType switch
            {
                PredictionType.Epsilon => (float)noise[k],
                PredictionType.VPrediction =>
                    (float)(Math.Sqrt(alphaCumprod) * noise[k] - Math.Sqrt(1 - alphaCumprod) * clean[k]),
                _ => (float)clean[k],
            };
        }
        return output;
    }
}

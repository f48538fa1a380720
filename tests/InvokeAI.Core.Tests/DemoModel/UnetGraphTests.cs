using InvokeAI.Core.Scheduling;
using InvokeAI.DemoModel.Graphs;
using Microsoft.ML.OnnxRuntime;

namespace InvokeAI.Core.Tests.DemoModel;

/// <summary>
/// The demo UNet predicts ε from z = √ᾱ·x0 + √(1−ᾱ)·ε like a trained SD UNet: close to the truth at low noise,
/// and at full noise a guess of x0 pulled toward the prompt's colour.
/// </summary>
public sealed class UnetGraphTests(DemoModelFolderFixture demo) : IClassFixture<DemoModelFolderFixture>
{
    private const int ImageSize = 256, LatentSize = ImageSize / 8, Fire = 1769, StartOfText = 49406, EndOfText = 49407;
    private static readonly IReadOnlyList<double> AlphasCumprod =
        NoiseSchedule.FromConfig(SchedulerConfig.StableDiffusion1).AlphasCumprod;

    [Fact]
    public void AtLowNoiseAColourlessPromptRecoversTheCleanLatent()
    {
        float[] clean = CleanLatent();
        float[] noise = DemoTensors.Noise(clean.Length, seed: 7);
        const int t = 50;

        float[] predicted = PredictNoise(Noisy(clean, noise, t), t, Prompt());
        float[] estimate = EstimateClean(Noisy(clean, noise, t), predicted, t);

        double sigma = Math.Sqrt((1 - AlphasCumprod[t]) / AlphasCumprod[t]);
        double error = DemoTensors.RootMeanSquare(estimate, clean);
        Assert.True(error < 0.5 * sigma, $"x0 estimate off by {error:0.0000} where the noise has σ = {sigma:0.0000}");
        double noiseError = DemoTensors.RootMeanSquare(predicted, noise);
        Assert.True(noiseError < 0.5, $"ε prediction off by {noiseError:0.000} (RMS, ε has unit variance)");
    }

    [Fact]
    public void AtFullNoiseAFirePromptPullsTheEstimateTowardFire()
    {
        float[] clean = CleanLatent();
        float[] noise = DemoTensors.Noise(clean.Length, seed: 11);
        const int t = 999;
        float[] noisy = Noisy(clean, noise, t);
        float[] firePrompt = Prompt(Fire);
        // The fire word's row starts with its colour in pixel units.
        var fireColour = (R: (double)firePrompt[8], G: (double)firePrompt[9], B: (double)firePrompt[10]);

        var fire = MeanColour(EstimateClean(noisy, PredictNoise(noisy, t, firePrompt), t));
        var none = MeanColour(EstimateClean(noisy, PredictNoise(noisy, t, Prompt()), t));
        var source = MeanColour(clean);

        var shift = (R: fire.R - none.R, G: fire.G - none.G, B: fire.B - none.B);
        double cosine = (shift.R * fireColour.R + shift.G * fireColour.G + shift.B * fireColour.B)
                        / Length(shift) / Length(fireColour);
        Assert.True(cosine > 0.95, $"the prompt moved the estimate by {shift}, not toward fire {fireColour}");
        Assert.True(Length(shift) > 0.1, $"the prompt moved the estimate by only {Length(shift):0.000}");
        // Without a colour word the estimate shrinks toward grey (0).
        Assert.True(Length(none) < 0.5 * Length(source), $"no prompt ({none}) against the source ({source})");
    }

    [Fact]
    public void AFractionalTimestepInterpolatesBetweenItsNeighbours()
    {
        float[] clean = CleanLatent();
        float[] z = Noisy(clean, DemoTensors.Noise(clean.Length, seed: 3), 500);
        float[] below = PredictNoise(z, 500f, Prompt(Fire));
        float[] above = PredictNoise(z, 501f, Prompt(Fire));
        float[] between = PredictNoise(z, 500.25f, Prompt(Fire));

        Assert.NotEqual(below, above);
        for (int i = 0; i < z.Length; i++)
        {
            float expected = 0.75f * below[i] + 0.25f * above[i];
            Assert.True(Math.Abs(between[i] - expected) < 1e-3 + 1e-2 * Math.Abs(above[i] - below[i]),
                $"element {i}: {between[i]} not between {below[i]} and {above[i]}");
        }
    }

    [Fact]
    public void TimestepsBeyondTheTableUseItsLastEntry()
    {
        float[] z = Noisy(CleanLatent(), DemoTensors.Noise(4 * LatentSize * LatentSize, seed: 5), 999);
        Assert.Equal(PredictNoise(z, 999f, Prompt()), PredictNoise(z, 1200f, Prompt()));
    }

    [Fact]
    public void OneTimestepServesAWholeGuidanceBatch()
    {
        // diffusers' ONNX pipelines pass a single timestep with the doubled (unconditional, conditional) batch.
        float[] z = Noisy(CleanLatent(), DemoTensors.Noise(4 * LatentSize * LatentSize, seed: 9), 700);
        float[] none = Prompt(), fire = Prompt(Fire);
        var (batched, shape) = DemoTensors.Run(demo.Unet, "out_sample",
            NamedOnnxValue.CreateFromTensor("sample", DemoTensors.Tensor([.. z, .. z], 2, 4, LatentSize, LatentSize)),
            NamedOnnxValue.CreateFromTensor("timestep", DemoTensors.Tensor([700f], 1)),
            NamedOnnxValue.CreateFromTensor("encoder_hidden_states", DemoTensors.Tensor([.. none, .. fire], 2, 77, 8)));

        Assert.Equal([2, 4, LatentSize, LatentSize], shape);
        Assert.Equal(PredictNoise(z, 700f, none), batched[..z.Length]);
        Assert.Equal(PredictNoise(z, 700f, fire), batched[z.Length..]);
    }

    /// <summary>The scaled latent of a smooth image, as the pipeline makes it: VAE encoder output × 0.18215.</summary>
    private float[] CleanLatent()
    {
        var (latent, _) = DemoTensors.Run(demo.VaeEncoder, "latent_sample",
            NamedOnnxValue.CreateFromTensor("sample", DemoTensors.Tensor(DemoTensors.Gradient(ImageSize), 1, 3, ImageSize, ImageSize)));
        return latent.Select(v => v * 0.18215f).ToArray();
    }

    private static float[] Noisy(float[] clean, float[] noise, int t)
    {
        double signal = Math.Sqrt(AlphasCumprod[t]), spread = Math.Sqrt(1 - AlphasCumprod[t]);
        return clean.Select((x, i) => (float)(signal * x + spread * noise[i])).ToArray();
    }

    /// <summary>x̂0 = (z − √(1−ᾱ)·ε̂)/√ᾱ, the clean latent the prediction implies.</summary>
    private static float[] EstimateClean(float[] noisy, float[] predictedNoise, int t)
    {
        double signal = Math.Sqrt(AlphasCumprod[t]), spread = Math.Sqrt(1 - AlphasCumprod[t]);
        return noisy.Select((z, i) => (float)((z - spread * predictedNoise[i]) / signal)).ToArray();
    }

    private float[] PredictNoise(float[] noisy, float timestep, float[] hiddenStates) =>
        DemoTensors.Run(demo.Unet, "out_sample",
            NamedOnnxValue.CreateFromTensor("sample", DemoTensors.Tensor(noisy, 1, 4, LatentSize, LatentSize)),
            NamedOnnxValue.CreateFromTensor("timestep", DemoTensors.Tensor([timestep], 1)),
            NamedOnnxValue.CreateFromTensor("encoder_hidden_states", DemoTensors.Tensor(hiddenStates, 1, 77, 8))).Values;

    /// <summary>The text encoder's hidden states for start, the given tokens, then end-of-text padding.</summary>
    private float[] Prompt(params int[] tokens)
    {
        var ids = Enumerable.Repeat(EndOfText, 77).ToArray();
        ids[0] = StartOfText;
        tokens.CopyTo(ids, 1);
        return DemoTensors.Run(demo.TextEncoder, "last_hidden_state",
            NamedOnnxValue.CreateFromTensor("input_ids", DemoTensors.Tensor(ids, 1, 77))).Values;
    }

    private static double Length((double R, double G, double B) colour) =>
        Math.Sqrt(colour.R * colour.R + colour.G * colour.G + colour.B * colour.B);

    /// <summary>The mean colour of a scaled latent in pixel units (−1 black, 1 white).</summary>
    private static (double R, double G, double B) MeanColour(float[] latent) =>
        (DemoTensors.ChannelMean(latent, 4, 0) / LatentSpace.Gain,
         DemoTensors.ChannelMean(latent, 4, 1) / LatentSpace.Gain,
         DemoTensors.ChannelMean(latent, 4, 2) / LatentSpace.Gain);
}

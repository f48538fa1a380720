using InvokeAI.Core.Pipelines.Inpainting;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>
/// The 4-channel inpainting step: after step i the kept region becomes the clean init latent noised with the
/// render's own noise to the level before step i + 1; the repainted region is left to the sampler.
/// </summary>
public sealed class LatentMaskBlendTests
{
    private const int Steps = 10;
    private static readonly LmsSampler Sampler = new(SchedulerConfig.StableDiffusion1, Steps);

    // A latent of 4 channels on a 2×1 grid: even indices are cell 0 (repainted), odd ones cell 1 (kept).
    private static readonly float[] Clean = [1, 2, 3, 4, 5, 6, 7, 8];
    private static readonly float[] Noise = [0.5f, -1, 0.25f, 2, -0.5f, 1, 0, -2];
    private static readonly float[] Mask = [1, 0];

    [Fact]
    public void TheKeptRegionIsTheInitLatentNoisedToTheNextLevel()
    {
        float[] latent = [10, 20, 30, 40, 50, 60, 70, 80];
        new LatentMaskBlend(Sampler, Clean, Noise, Mask).Apply(latent, nextStepIndex: 4);

        double sigma = Sampler.Sigmas[4];
        for (int i = 0; i < latent.Length; i++)
        {
            bool repainted = i % 2 == 0;
            float expected = repainted ? (i + 1) * 10 : (float)(Clean[i] + sigma * Noise[i]);
            Assert.Equal(expected, latent[i], 1e-4);
        }
    }

    [Fact]
    public void AfterTheLastStepTheKeptRegionIsTheCleanLatentExactly()
    {
        float[] latent = [10, 20, 30, 40, 50, 60, 70, 80];
        new LatentMaskBlend(Sampler, Clean, Noise, Mask).Apply(latent, nextStepIndex: Steps);

        Assert.Equal([10, 2, 30, 4, 50, 6, 70, 8], latent);
    }

    [Fact]
    public void APartialMaskBlendsInProportion()
    {
        float[] latent = [10, 20, 30, 40, 50, 60, 70, 80];
        new LatentMaskBlend(Sampler, Clean, Noise, [0.25f, 0.25f]).Apply(latent, nextStepIndex: Steps);

        Assert.Equal(0.25 * 10 + 0.75 * 1, latent[0], 1e-5);
        Assert.Equal(0.25 * 80 + 0.75 * 8, latent[7], 1e-5);
    }

    [Fact]
    public void TheCleanLatentIsNotChanged()
    {
        float[] clean = (float[])Clean.Clone();
        new LatentMaskBlend(Sampler, clean, Noise, Mask).Apply(new float[8], nextStepIndex: 3);

        Assert.Equal(Clean, clean);
    }
}

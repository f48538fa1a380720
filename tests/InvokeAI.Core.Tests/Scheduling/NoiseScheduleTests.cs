using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

public class NoiseScheduleTests
{
    private static readonly NoiseSchedule StableDiffusion = NoiseSchedule.FromConfig(SchedulerConfig.StableDiffusion1);

    [Fact]
    public void AlphasCumprodMatchTheReferenceEnds()
    {
        Assert.Equal(0.999150, StableDiffusion.AlphasCumprod[0], 6);
        Assert.Equal(0.0046601, StableDiffusion.AlphasCumprod[999], 7);
    }

    [Fact]
    public void TrainingSigmasSpanTheReferenceRange()
    {
        Assert.Equal(1000, StableDiffusion.TrainTimesteps);
        Assert.Equal(0.029167, StableDiffusion.Sigmas[0], 6);
        Assert.Equal(14.614641, StableDiffusion.Sigmas[999], 6);
    }

    [Fact]
    public void SigmaAtAFractionalTimestepInterpolatesLinearly()
    {
        double halfway = (StableDiffusion.Sigmas[500] + StableDiffusion.Sigmas[501]) / 2;
        Assert.Equal(halfway, StableDiffusion.SigmaAtTimestep(500.5), 12);
    }
}

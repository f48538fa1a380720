using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

public class InferenceTimestepsTests
{
    [Fact]
    public void LinspaceTimestepsRunFromTheLastTrainingTimestepToZero()
    {
        double[] timesteps = InferenceTimesteps.For(TimestepSpacing.Linspace, 10, 1000, stepsOffset: 1);

        Assert.Equal(10, timesteps.Length);
        Assert.Equal(999, timesteps[0], 9);
        Assert.Equal(888, timesteps[1], 9);
        Assert.Equal(0, timesteps[9], 9);
    }

    [Fact]
    public void LeadingTimestepsFor50StepsRunFrom981To1()
    {
        double[] timesteps = InferenceTimesteps.For(TimestepSpacing.Leading, 50, 1000, stepsOffset: 1);

        Assert.Equal(50, timesteps.Length);
        Assert.Equal(981, timesteps[0]);
        Assert.Equal(961, timesteps[1]);
        Assert.Equal(1, timesteps[^1]);
    }

    [Fact]
    public void TrailingTimestepsEndOneBeforeEachStride()
    {
        double[] timesteps = InferenceTimesteps.For(TimestepSpacing.Trailing, 10, 1000, stepsOffset: 1);

        Assert.Equal([999, 899, 799, 699, 599, 499, 399, 299, 199, 99], timesteps);
    }

    [Fact]
    public void TrailingTimestepsStayNLongWhereNumpyArangeWouldAddOne()
    {
        double[] timesteps = InferenceTimesteps.For(TimestepSpacing.Trailing, 61, 1000, stepsOffset: 0);

        Assert.Equal(61, timesteps.Length);
        Assert.Equal(999, timesteps[0]);
        Assert.True(timesteps[^1] >= 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void StepCountsOutsideTheTrainingRangeAreRejected(int steps)
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => InferenceTimesteps.For(TimestepSpacing.Linspace, steps, 1000, stepsOffset: 0));
    }

    [Fact]
    public void LeadingSpacingWithStepsOffsetPastTheLastTrainingTimestepIsRefusedWithTheNumbers()
    {
        // 1000 leading steps are 0, 1, … 999; steps_offset 1 moves the last to 1000, which has no σ and no ᾱ.
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => InferenceTimesteps.For(TimestepSpacing.Leading, 1000, 1000, stepsOffset: 1));

        Assert.Equal("steps", ex.ParamName);
        Assert.Contains("1000 steps with timestep_spacing 'leading' and steps_offset 1 give timestep 1000, outside 0..999.", ex.Message);
    }

    [Fact]
    public void LeadingSpacingUpToTheLastTrainingTimestepIsAccepted()
    {
        double[] withoutOffset = InferenceTimesteps.For(TimestepSpacing.Leading, 1000, 1000, stepsOffset: 0);
        double[] oneFewerStep = InferenceTimesteps.For(TimestepSpacing.Leading, 999, 1000, stepsOffset: 1);

        Assert.Equal(999, withoutOffset[0]);
        Assert.Equal(0, withoutOffset[^1]);
        Assert.Equal(999, oneFewerStep[0]);
        Assert.Equal(1, oneFewerStep[^1]);
    }

    [Fact]
    public void ANegativeStepsOffsetBelowTimestepZeroIsRefused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => InferenceTimesteps.For(TimestepSpacing.Leading, 1, 1000, stepsOffset: -1));

        Assert.Contains("1 step with timestep_spacing 'leading' and steps_offset -1 give timestep -1", ex.Message);
    }
}

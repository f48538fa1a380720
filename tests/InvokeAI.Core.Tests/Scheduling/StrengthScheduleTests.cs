using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

public class StrengthScheduleTests
{
    [Theory]
    [InlineData(10, 0.7, 7)]   // 10·0.7 = 7.000000000000001
    [InlineData(10, 0.4, 4)]
    [InlineData(50, 0.4, 20)]
    [InlineData(50, 0.75, 37)]
    [InlineData(100, 0.29, 29)] // 100·0.29 = 28.999999999999996
    [InlineData(10, 0.999, 9)]
    [InlineData(10, 0.0, 0)]
    [InlineData(10, 1.0, 10)]
    [InlineData(1, 1.0, 1)]
    public void StepsTakenFollowsTheSeedTable(int steps, double strength, int expected)
    {
        Assert.Equal(expected, StrengthSchedule.StepsTaken(steps, strength));
        Assert.Equal(steps - expected, StrengthSchedule.StartIndex(steps, strength));
    }

    [Theory]
    [InlineData(20, 0.4, 50)]
    [InlineData(20, 0.7, 29)]
    [InlineData(10, 1.0, 10)]
    [InlineData(1, 0.75, 2)]
    [InlineData(29, 0.29, 100)]
    public void TotalStepsForIsTheSmallestScheduleRunningExactlyThatMany(int denoiseSteps, double strength, int expected)
    {
        int total = StrengthSchedule.TotalStepsFor(denoiseSteps, strength);

        Assert.Equal(expected, total);
        Assert.Equal(denoiseSteps, StrengthSchedule.StepsTaken(total, strength));
        if (total > 1) Assert.True(StrengthSchedule.StepsTaken(total - 1, strength) < denoiseSteps);
    }

    [Fact]
    public void TotalStepsForHoldsAcrossAGrid()
    {
        for (int denoise = 1; denoise <= 60; denoise++)
        for (int percent = 1; percent <= 100; percent++)
        {
            double strength = percent / 100.0;
            int total = StrengthSchedule.TotalStepsFor(denoise, strength);
            Assert.Equal(denoise, StrengthSchedule.StepsTaken(total, strength));
            if (total > 1) Assert.True(StrengthSchedule.StepsTaken(total - 1, strength) < denoise);
        }
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(10, -0.1)]
    [InlineData(10, 1.1)]
    [InlineData(10, double.NaN)]
    public void InvalidInputsAreRejected(int steps, double strength)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StrengthSchedule.StepsTaken(steps, strength));
        Assert.Throws<ArgumentOutOfRangeException>(() => StrengthSchedule.StartIndex(steps, strength));
    }

    [Theory]
    [InlineData(20, 0.0)]
    [InlineData(0, 0.5)]
    [InlineData(20, 1.5)]
    [InlineData(1000, 1e-12)]
    public void TotalStepsForRejectsImpossibleRequests(int denoiseSteps, double strength)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StrengthSchedule.TotalStepsFor(denoiseSteps, strength));
    }
}

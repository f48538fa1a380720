using System.Globalization;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Pipelines;

public sealed class StepRateTests
{
    [Theory]
    [InlineData(10_000, 4, "2.50 s/it")]
    [InlineData(125_000, 10, "12.5 s/it")]
    [InlineData(1_000, 1, "1.00 s/it")]
    [InlineData(500, 1, "2.00 it/s")]
    [InlineData(48, 2, "41.7 it/s")]
    [InlineData(40, 10, "250 it/s")]
    [InlineData(3, 10, "3333 it/s")]
    public void GivesThreeSignificantDigitsInTheReadableDirection(int milliseconds, int steps, string expected)
    {
        Assert.Equal(expected, StepRate.Describe(TimeSpan.FromMilliseconds(milliseconds), steps, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NeverReadsAsZeroSecondsPerStep()
    {
        // What the progress bar used to show for the demo model: "0.00 s/it".
        Assert.Equal("200 it/s", StepRate.Describe(TimeSpan.FromMilliseconds(20), 4, CultureInfo.InvariantCulture));
        Assert.Equal("< 0.001 s/it", StepRate.Describe(TimeSpan.Zero, 4, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void UsesTheNumberFormatItIsGiven()
    {
        // A made-up format rather than a named culture: a machine without ICU data has only the invariant one.
        var comma = new NumberFormatInfo { NumberDecimalSeparator = "," };
        Assert.Equal("2,50 s/it", StepRate.Describe(TimeSpan.FromSeconds(10), 4, comma));
    }
}

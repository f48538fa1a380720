using System.Globalization;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// How fast denoising goes, as a person reads it: "2.35 s/it" for slow steps, "41.7 it/s" for fast ones, always
/// to three significant digits. A fixed "0.00 s/it" says nothing about a model that takes a few milliseconds a step.
/// </summary>
public static class StepRate
{
    /// <summary>The rate of <paramref name="steps"/> steps that took <paramref name="elapsed"/> in all.</summary>
    public static string Describe(TimeSpan elapsed, int steps, IFormatProvider? culture = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        culture ??= CultureInfo.CurrentCulture;
        double secondsPerStep = elapsed.TotalSeconds / steps;
        // Under a timer tick nothing can be said but that it was fast; never "∞ it/s".
        if (secondsPerStep <= 0) return "< 0.001 s/it";
        return secondsPerStep >= 1
            ? $"{ThreeDigits(secondsPerStep, culture)} s/it"
            : $"{ThreeDigits(1 / secondsPerStep, culture)} it/s";
    }

    /// <summary>Three significant digits for a value of at least 1: 1.23, 12.3, 123, 1234.</summary>
    private static string ThreeDigits(double value, IFormatProvider culture)
    {
        int integerDigits = (int)Math.Floor(Math.Log10(value)) + 1;
        int decimals = Math.Clamp(3 - integerDigits, 0, 2);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), culture);
    }
}

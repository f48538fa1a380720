namespace InvokeAI.Core.Scheduling;

/// <summary>
/// How img2img strength picks the steps: of a schedule of n steps, the last int(n·strength) run, starting from
/// the init latent noised to the level before the first of them (diffusers' img2img pipeline and InvokeAI 2.x's
/// <c>t_enc</c> agree on this count).
/// </summary>
public static class StrengthSchedule
{
    // n·strength is computed in binary floating point, so a product meant to be whole can land a hair below
    // or above it (0.29·100 = 28.999999999999996, 10·0.7 = 7.000000000000001); a plain floor would turn the
    // first into 28, which is never what the user meant. One multiplication errs by about 1e-16 of the value,
    // so 1e-9 of it absorbs that while staying far below any shortfall a user could mean (0.999·10 still gives 9).
    private const double RelativeTolerance = 1e-9;

    /// <summary>The number of steps img2img runs: min(⌊steps·strength⌋, steps), floored with a small tolerance.</summary>
    public static int StepsTaken(int steps, double strength)
    {
        Validate(steps, strength);
        double product = steps * strength;
        int taken = (int)Math.Floor(product + RelativeTolerance * Math.Max(1, product));
        return Math.Min(taken, steps);
    }

    /// <summary>The index of the first step img2img runs, and at whose level the init latent is noised.</summary>
    public static int StartIndex(int steps, double strength) => steps - StepsTaken(steps, strength);

    /// <summary>
    /// The smallest schedule length that runs exactly <paramref name="denoiseSteps"/> steps at this strength
    /// (20 steps at 0.4 need a 50-step schedule), for users who think in steps actually run.
    /// </summary>
    public static int TotalStepsFor(int denoiseSteps, double strength)
    {
        if (denoiseSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(denoiseSteps), denoiseSteps, "At least one step must run.");
        Validate(1, strength);
        if (strength <= 0)
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "Strength 0 runs no steps at any schedule length.");

        // StepsTaken grows by at most one per extra step (strength ≤ 1) and without bound, so the first length
        // that reaches denoiseSteps takes exactly that many. Start a little below denoiseSteps/strength, where
        // the answer lies, so the search is a handful of iterations.
        double estimate = denoiseSteps / strength;
        if (estimate > int.MaxValue - 8)
            throw new ArgumentOutOfRangeException(nameof(strength), strength,
                $"No schedule of up to {int.MaxValue} steps runs {denoiseSteps} steps at strength {strength}.");

        int total = Math.Max(denoiseSteps, (int)Math.Floor(estimate) - 2);
        while (StepsTaken(total, strength) < denoiseSteps) total++;
        return total;
    }

    private static void Validate(int steps, double strength)
    {
        if (steps < 1)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "Steps must be at least 1.");
        if (!(strength >= 0 && strength <= 1))
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "Strength must be between 0 and 1.");
    }
}

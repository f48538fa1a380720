namespace InvokeAI.Core.Scheduling;

/// <summary>
/// The n model timesteps of one render, descending, for a diffusers <c>timestep_spacing</c>. Both sampler bases
/// start here: the σ samplers read σ off the training schedule at these (possibly fractional) timesteps, the
/// timestep samplers (ddim, plms) round them to whole ones.
/// </summary>
public static class InferenceTimesteps
{
    /// <summary>
    /// The timesteps for <paramref name="steps"/> steps over <paramref name="trainTimesteps"/> training timesteps.
    /// Every one lies in 0..T − 1, or this throws <see cref="ArgumentOutOfRangeException"/> (param "steps"): leading
    /// spacing plus steps_offset reaches T itself at n = T (1000 steps, steps_offset 1 → 1000), where the timestep
    /// samplers have no ᾱ and the σ samplers would clamp to σ_max twice and divide by the zero-width step.
    /// </summary>
    public static double[] For(TimestepSpacing spacing, int steps, int trainTimesteps, int stepsOffset)
    {
        if (trainTimesteps < 2)
            throw new ArgumentOutOfRangeException(nameof(trainTimesteps), trainTimesteps, "At least 2 training timesteps are needed.");
        if (steps < 1 || steps > trainTimesteps)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"Steps must be between 1 and {trainTimesteps}.");

        double[] timesteps = spacing switch
        {
            TimestepSpacing.Linspace => LinspaceTimesteps(steps, trainTimesteps),
            TimestepSpacing.Leading => LeadingTimesteps(steps, trainTimesteps, stepsOffset),
            TimestepSpacing.Trailing => TrailingTimesteps(steps, trainTimesteps),
            _ => throw new ArgumentOutOfRangeException(nameof(spacing), spacing, "Not a timestep spacing."),
        };
        EnsureWithinTraining(timesteps, spacing, steps, trainTimesteps, stepsOffset);
        return timesteps;
    }

    private static void EnsureWithinTraining(double[] timesteps, TimestepSpacing spacing, int steps, int trainTimesteps, int stepsOffset)
    {
        foreach (double timestep in timesteps)
        {
            if (timestep >= 0 && timestep <= trainTimesteps - 1) continue;
            string stepCount = steps == 1 ? "1 step" : $"{steps} steps";
            throw new ArgumentOutOfRangeException(nameof(steps), steps,
                $"{stepCount} with timestep_spacing '{SchedulerConfig.NameOf(spacing)}' and steps_offset {stepsOffset} give timestep {timestep}, " +
                $"outside 0..{trainTimesteps - 1}.");
        }
    }

    private static double[] LinspaceTimesteps(int steps, int trainTimesteps)
    {
        // numpy's linspace(0, T − 1, n) reversed; with n = 1 numpy gives [0], kept for parity.
        var timesteps = new double[steps];
        double last = trainTimesteps - 1;
        for (int i = 0; i < steps; i++)
        {
            double ascending = steps == 1 ? 0 : last * i / (steps - 1);
            timesteps[steps - 1 - i] = ascending;
        }
        return timesteps;
    }

    private static double[] LeadingTimesteps(int steps, int trainTimesteps, int stepsOffset)
    {
        int stride = trainTimesteps / steps;
        var timesteps = new double[steps];
        for (int i = 0; i < steps; i++) timesteps[steps - 1 - i] = (double)i * stride + stepsOffset;
        return timesteps;
    }

    private static double[] TrailingTimesteps(int steps, int trainTimesteps)
    {
        // numpy's arange(T, 0, −T/n) can yield n + 1 values through rounding (n = 61 does), the extra one
        // rounding to timestep −1; taking exactly n keeps the schedule n long and every timestep valid.
        double stride = (double)trainTimesteps / steps;
        var timesteps = new double[steps];
        for (int k = 0; k < steps; k++)
            timesteps[k] = Math.Round(trainTimesteps - k * stride, MidpointRounding.ToEven) - 1;
        return timesteps;
    }
}

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// The timesteps of an LCM render, as diffusers v0.25's <c>LCMScheduler.set_timesteps(steps, original_inference_steps,
/// strength)</c> picks them: a consistency model is distilled on a fixed schedule of original_inference_steps
/// timesteps (every T/original-th, ending at T/original − 1), so it is only ever asked about those; img2img keeps
/// the lowest int(original·strength) of them, and the render takes <c>steps</c> of these, evenly spaced by index.
/// </summary>
/// <remarks>
/// Strength is applied here, to the distillation schedule, not by skipping steps afterwards: every one of the
/// <c>steps</c> timesteps runs (4 steps at strength 0.5 with 50 original steps: 499, 379, 259, 139).
/// </remarks>
public static class LcmTimesteps
{
    /// <summary>The <paramref name="steps"/> model timesteps, descending.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// For the combinations diffusers refuses: original_inference_steps outside 1..T, steps outside
    /// 1..original_inference_steps, or fewer distillation timesteps left at this strength than steps (param "steps"
    /// or "originalInferenceSteps"); a strength outside (0, 1] (param "strength").
    /// </exception>
    public static int[] For(int steps, double strength, int originalInferenceSteps, int trainTimesteps)
    {
        if (originalInferenceSteps < 1 || originalInferenceSteps > trainTimesteps)
            throw new ArgumentOutOfRangeException(nameof(originalInferenceSteps), originalInferenceSteps,
                $"original_inference_steps must be between 1 and the {trainTimesteps} training timesteps.");
        if (!(strength > 0 && strength <= 1))
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "LCM needs a strength above 0 and at most 1.");
        if (steps < 1 || steps > originalInferenceSteps)
            throw new ArgumentOutOfRangeException(nameof(steps), steps,
                $"LCM takes between 1 and {originalInferenceSteps} steps (original_inference_steps): its timesteps are a subset of the " +
                "schedule it was distilled on.");

        // diffusers: k = T // original_steps; origin = arange(1, int(original_steps·strength) + 1)·k − 1. Python's int()
        // truncates the floating-point product, and so does this cast, so the count matches diffusers' exactly.
        int stride = trainTimesteps / originalInferenceSteps;
        int originCount = (int)(originalInferenceSteps * strength);
        if (originCount < steps)
            throw new ArgumentOutOfRangeException(nameof(steps), steps,
                $"LCM at strength {strength} keeps {originCount} of its {originalInferenceSteps} distillation timesteps, fewer than {steps} steps: " +
                $"lower the steps to at most {originCount} or raise the strength to at least {(double)steps / originalInferenceSteps}.");

        // The origin schedule reversed (descending), indexed at floor(linspace(0, count, steps, endpoint=False)):
        // numpy computes those points as i·(count/steps), so the same double arithmetic floors the same way.
        double indexStride = (double)originCount / steps;
        var timesteps = new int[steps];
        for (int i = 0; i < steps; i++)
        {
            int originIndex = (int)Math.Floor(i * indexStride);
            timesteps[i] = (originCount - originIndex) * stride - 1;
        }
        return timesteps;
    }
}

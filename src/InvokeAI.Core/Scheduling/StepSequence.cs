namespace InvokeAI.Core.Scheduling;

/// <summary>
/// The checks every sampler makes before a step touches anything: arguments and index range, and for samplers
/// that keep history (all σ samplers, PLMS) that the step follows the previous one on a sample of the same size.
/// And the check on what the model hands back within a step.
/// </summary>
internal sealed class StepSequence
{
    private readonly int _stepCount;
    private readonly bool _inOrder;

    private int _lastStepIndex = -1;
    private int _sampleLength = -1;

    /// <param name="stepCount">The n steps of the plan.</param>
    /// <param name="inOrder">Whether steps must run consecutively on one sample size; false lets them run in any order.</param>
    public StepSequence(int stepCount, bool inOrder)
    {
        _stepCount = stepCount;
        _inOrder = inOrder;
    }

    /// <summary>Throws unless the step may run now.</summary>
    public void Begin(int stepIndex, float[] sample, ModelFunction model)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(model);
        if ((uint)stepIndex >= (uint)_stepCount)
            throw new ArgumentOutOfRangeException(nameof(stepIndex), stepIndex, $"Step index must be between 0 and {_stepCount - 1}.");
        if (!_inOrder) return;
        // Multistep history only means something for consecutive steps, and a skipped step would silently change
        // the image; the first call may start anywhere (img2img), every later one must be the next index.
        if (_lastStepIndex >= 0 && stepIndex != _lastStepIndex + 1)
            throw new InvalidOperationException($"Step {stepIndex} cannot follow step {_lastStepIndex}: steps run in order.");
        if (_sampleLength >= 0 && sample.Length != _sampleLength)
            throw new ArgumentException($"The sample has {sample.Length} values, earlier steps had {_sampleLength}.", nameof(sample));
    }

    /// <summary>
    /// Throws unless the model returned one value per sample value: a wrong shape would otherwise surface as an
    /// index error deep inside a step or, worse, as a silently truncated update.
    /// </summary>
    public static void EnsureModelOutputMatches(float[]? modelOutput, float[] sample)
    {
        if (modelOutput is null || modelOutput.Length != sample.Length)
            throw new InvalidOperationException(
                $"The model returned {modelOutput?.Length.ToString() ?? "nothing"} values for a sample of {sample.Length}.");
    }

    /// <summary>Records a finished step, so the next one can be checked against it.</summary>
    public void End(int stepIndex, float[] sample)
    {
        _lastStepIndex = stepIndex;
        _sampleLength = sample.Length;
    }
}

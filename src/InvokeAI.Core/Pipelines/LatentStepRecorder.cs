namespace InvokeAI.Core.Pipelines;

/// <summary>
/// Keeps every step a render reports (step 0, the noised init latent, then one per denoising step) and passes
/// everything on to the caller's observer, so progress and warnings still reach it.
/// </summary>
internal sealed class LatentStepRecorder(IRenderObserver inner) : IRenderObserver
{
    private readonly List<RenderStep> _steps = [];

    /// <summary>Step 0 first, then the denoising steps in order.</summary>
    public IReadOnlyList<RenderStep> Steps => _steps;

    public void Warning(string message) => inner.Warning(message);

    public void Verbose(string message) => inner.Verbose(message);

    public void Started(RenderStep initial)
    {
        _steps.Add(Keep(initial));
        inner.Started(initial);
    }

    public void StepCompleted(RenderStep step)
    {
        _steps.Add(Keep(step));
        inner.StepCompleted(step);
    }

    // The latent is the pipeline's copy for observers; the denoised estimate may be an array the sampler reuses.
    private static RenderStep Keep(RenderStep step) => step with { Denoised = (float[])step.Denoised.Clone() };
}

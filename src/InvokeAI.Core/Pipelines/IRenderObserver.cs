namespace InvokeAI.Core.Pipelines;

/// <summary>
/// What a render tells its caller while it runs. Calls arrive on the thread that called Render, so a cmdlet can
/// write progress, warnings and verbose messages from them directly.
/// </summary>
public interface IRenderObserver
{
    void Warning(string message);
    void Verbose(string message);
    /// <summary>The noised init latent, before the first step: "the initial image that SD sees" (Number 0).</summary>
    void Started(RenderStep initial);
    void StepCompleted(RenderStep step);

    /// <summary>
    /// Whether the steps should carry copies of the latents. A progress bar needs only the counts: without copies a
    /// 512² render saves 128 KB of allocation per step (the latent and the estimate), 1 MB at 2048².
    /// </summary>
    bool WantsLatents => true;
}

/// <summary>One denoising step that has just run.</summary>
/// <param name="Number">1-based count of the steps taken so far; 0 for the noised init latent.</param>
/// <param name="Total">Steps this render takes (steps × strength).</param>
/// <param name="Timestep">The model timestep of the step.</param>
/// <param name="Sigma">The noise level the step started from (for step 0, the level of the noised init latent).</param>
/// <param name="Elapsed">Time since denoising started.</param>
/// <param name="Latent">The latent after the step, [1, 4, h, w] (a copy the observer may keep); empty for an observer that does not want latents.</param>
/// <param name="Denoised">The clean-latent estimate the step was based on (for step 0, the clean init latent); empty likewise.</param>
public sealed record RenderStep(int Number, int Total, double Timestep, double Sigma, TimeSpan Elapsed, float[] Latent, float[] Denoised);

/// <summary>An observer that ignores everything.</summary>
public sealed class NullRenderObserver : IRenderObserver
{
    public static NullRenderObserver Instance { get; } = new();
    public void Warning(string message) { }
    public void Verbose(string message) { }
    public void Started(RenderStep initial) { }
    public void StepCompleted(RenderStep step) { }
    public bool WantsLatents => false;
}

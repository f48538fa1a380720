using System.Diagnostics;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// An img2img render with a picture of every step, as the img2img guide shows "latent space at each step":
/// step 0, the noised init latent ("the initial image that SD sees"), then the latent after each denoising step,
/// then the finished image. Every step image carries the render's parameters plus Step, Timestep and Sigma.
/// </summary>
public static class LatentSteps
{
    /// <summary>
    /// Renders <paramref name="request"/> and returns step 0, steps 1..StepsTaken, and last the finished image (the
    /// same image <see cref="Img2ImgPipeline.Render"/> returns, Step unset). Previews are made after the render,
    /// when its parameters (a seed it chose, the total steps) are known, so each step image can carry them.
    /// </summary>
    public static IReadOnlyList<DiffusionImage> Render(DiffusionModel model, Img2ImgRequest request, StepPreview preview,
        IRenderObserver? observer = null, CancellationToken cancel = default)
    {
        observer ??= NullRenderObserver.Instance;
        var recorder = new LatentStepRecorder(observer);
        var final = Img2ImgPipeline.Render(model, request, recorder, cancel);

        var clock = Stopwatch.StartNew();
        int latentWidth = final.Width / 8, latentHeight = final.Height / 8;
        var images = new List<DiffusionImage>(recorder.Steps.Count + 1);
        foreach (var step in recorder.Steps)
        {
            cancel.ThrowIfCancellationRequested();
            var pixels = preview switch
            {
                StepPreview.Approx => LatentPreview.Approximate(model, step.Latent, latentWidth, latentHeight, cancel),
                // Step 0 has no prediction of its own (its Denoised is the clean init latent): show what the sampler starts from.
                StepPreview.Vae => LatentPreview.Decode(model, step.Number == 0 ? step.Latent : step.Denoised, latentWidth, latentHeight, cancel, final.Settings.Tiled),
                _ => throw new ArgumentOutOfRangeException(nameof(preview), preview, "Unknown step preview."),
            };
            images.Add(final with { Pixels = pixels, Step = step.Number, Timestep = step.Timestep, Sigma = step.Sigma });
        }
        images.Add(final);
        observer.Verbose($"Step previews ({preview}): {recorder.Steps.Count} in {clock.Elapsed.TotalSeconds:0.00} s");
        return images;
    }
}

using System.Management.Automation;
using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// The img2img guide's "latent space at each step": renders as Invoke-Img2Img does (the same parameters) and
/// writes a picture of step 0 (the noised init latent), of every denoising step, and last the finished image.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LatentSteps", DefaultParameterSetName = ModelSet)]
[OutputType(typeof(DiffusionImage))]
public sealed class GetLatentStepsCommand : RenderCmdlet
{
    /// <summary>The type name the format file gives a step table (Step, Sigma, Timestep first).</summary>
    internal const string LatentStepTypeName = "InvokeAI.Core.Pipelines.DiffusionImage#LatentStep";

    /// <summary>Approx: the latent through a linear colour map, 1/8 size. Vae: each step's prediction decoded, full size.</summary>
    [Parameter]
    public StepPreview Preview { get; set; } = StepPreview.Approx;

    protected override void Render(DiffusionModel model, Img2ImgRequest request, IRenderObserver progress)
    {
        // Marked so the console shows a render's steps as one table with the step first.
        foreach (var step in LatentSteps.Render(model, request, Preview, progress, StopToken)) WriteImage(step, LatentStepTypeName);
    }
}

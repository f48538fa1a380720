using System.Management.Automation;
using InvokeAI.Core.Imaging;
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
    internal const string LatentStepTypeName = "InvokeAI.Core.Imaging.DiffusionImage#LatentStep";
    private BatchProgress _batch = null!;

    /// <summary>Approx: the latent through a linear colour map, 1/8 size. Vae: each step's prediction decoded, full size.</summary>
    [Parameter]
    public StepPreview Preview { get; set; } = StepPreview.Approx;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _batch = new BatchProgress(this, "Get-LatentSteps");
    }

    protected override void ProcessRecord() => _batch.Run(RenderRecord, StopToken);

    private void RenderRecord()
    {
        if (!PrepareRecord()) return;
        foreach (var (model, image, sourcePath) in ReadInitImages())
        {
            uint seed = ChooseSeed();
            var progress = _batch.StartRender(DescribeRender(sourcePath, seed));
            try
            {
                bool rendered = TryRender(model, image, sourcePath, () =>
                {
                    foreach (var step in LatentSteps.Render(model, BuildRequest(image, sourcePath, seed), Preview, progress, StopToken))
                        WriteObject(AsLatentStep(CheckedAgainstMetadata(step)));
                });
                if (rendered) _batch.RenderFinished();
            }
            finally
            {
                if (!StopToken.IsCancellationRequested) progress.Complete();
            }
        }
    }

    protected override void EndProcessing() => _batch.Complete();

    /// <summary>The image, marked so the console shows a render's steps as one table with the step first.</summary>
    private static PSObject AsLatentStep(DiffusionImage image)
    {
        var wrapped = PSObject.AsPSObject(image);
        wrapped.TypeNames.Insert(0, LatentStepTypeName);
        return wrapped;
    }
}

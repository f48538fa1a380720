using System.Management.Automation;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Renders a prompt on top of init images. One output per input, streamed as each finishes; a bad input
/// writes a non-terminating error and the rest of the batch goes on.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Img2Img", DefaultParameterSetName = ModelSet)]
[OutputType(typeof(DiffusionImage))]
public sealed class InvokeImg2ImgCommand : RenderCmdlet
{
    private BatchProgress _batch = null!;

    /// <summary>
    /// Images per init image. Seeds count up from -Seed (or from a chosen seed); with -Variation every image keeps
    /// the seed and gets a variation seed of its own instead (InvokeAI's -v with -n).
    /// </summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int Iterations { get; set; } = 1;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _batch = new BatchProgress(this, "Invoke-Img2Img");
    }

    protected override void ProcessRecord() => _batch.Run(RenderRecord, StopToken);

    private void RenderRecord()
    {
        if (!PrepareRecord()) return;
        foreach (var (model, image, sourcePath) in ReadInitImages())
        {
            uint firstSeed = ChooseSeed();
            for (int iteration = 0; iteration < Iterations && !StopToken.IsCancellationRequested; iteration++)
                Render(model, image, sourcePath, Variation > 0 ? firstSeed : unchecked(firstSeed + (uint)iteration));
        }
    }

    protected override void EndProcessing() => _batch.Complete();

    private void Render(DiffusionModel model, RgbaImage image, string? sourcePath, uint seed)
    {
        var progress = _batch.StartRender(DescribeRender(sourcePath, seed));
        try
        {
            if (TryRender(model, image, sourcePath, () => WriteObject(CheckedAgainstMetadata(Img2ImgPipeline.Render(model, BuildRequest(image, sourcePath, seed), progress, StopToken)))))
                _batch.RenderFinished();
        }
        finally
        {
            if (!StopToken.IsCancellationRequested) progress.Complete();
        }
    }
}

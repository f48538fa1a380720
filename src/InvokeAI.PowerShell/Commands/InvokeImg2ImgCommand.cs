using System.Management.Automation;
using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Renders a prompt on top of init images. One output per input (per iteration), streamed as each finishes; a bad
/// input writes a non-terminating error and the rest of the batch goes on.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Img2Img", DefaultParameterSetName = ModelSet)]
[OutputType(typeof(DiffusionImage))]
public sealed class InvokeImg2ImgCommand : RenderCmdlet
{
    /// <summary>
    /// Images per init image. Seeds count up from -Seed (or from a chosen seed); with -Variation every image keeps
    /// the seed and gets a variation seed of its own instead (InvokeAI's -v with -n).
    /// </summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int Iterations { get; set; } = 1;

    protected override IEnumerable<RenderSettings> RendersOf(RenderSettings settings) => settings.Repeated(Iterations);

    protected override void Render(DiffusionModel model, Img2ImgRequest request, IRenderObserver progress) =>
        WriteImage(Img2ImgPipeline.Render(model, request, progress, StopToken));
}

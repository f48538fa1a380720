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

    /// <summary>
    /// How many open sessions of the model render at once, one render each (Open-DiffusionSession -DeviceId 0,1 opens
    /// two); 1, the default, renders one at a time on the cmdlet's own thread.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 1;

    /// <summary>With -ThrottleLimit, write each image as it finishes rather than in input order.</summary>
    [Parameter]
    public SwitchParameter Unordered { get; set; }

    protected override int SpreadLimit => ThrottleLimit;

    protected override bool SpreadUnordered => Unordered;

    protected override IEnumerable<RenderSettings> RendersOf(RenderSettings settings) => settings.Repeated(Iterations);

    protected override void Render(DiffusionModel model, Img2ImgRequest request, IRenderObserver progress) =>
        WriteImage(Img2ImgPipeline.Render(model, request, progress, StopToken));
}

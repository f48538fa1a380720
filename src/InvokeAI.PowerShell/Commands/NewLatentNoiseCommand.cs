using System.Management.Automation;
using InvokeAI.Core.Noise;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// The noise tensor a render with this seed starts from (before it is scaled to the start σ), so it can be
/// inspected, compared with another tool's, or handed on.
/// </summary>
[Cmdlet(VerbsCommon.New, "LatentNoise")]
[OutputType(typeof(LatentNoise))]
public sealed class NewLatentNoiseCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0L, 4294967295L)]
    public long Seed { get; set; }

    [Parameter]
    [ValidateRange(8, 8192)]
    public int Width { get; set; } = 512;

    [Parameter]
    [ValidateRange(8, 8192)]
    public int Height { get; set; } = 512;

    [Parameter]
    [ValidateRange(1, 16)]
    public int Channels { get; set; } = 4;

    [Parameter]
    public NoiseSource NoiseSource { get; set; } = NoiseSource.Cpu;

    protected override void BeginProcessing()
    {
        foreach (var (name, value) in new[] { (nameof(Width), Width), (nameof(Height), Height) })
        {
            if (value % 8 != 0)
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-{name} {value} is not a multiple of 8: the latent is 1/8 of the image.", name),
                    "SizeNotMultipleOf8", ErrorCategory.InvalidArgument, value));
        }
    }

    protected override void ProcessRecord() =>
        WriteObject(LatentNoise.Create((uint)Seed, Width, Height, Channels, NoiseSource));
}

using System.Management.Automation;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Scheduling;
using InvokeAI.Core.Pipelines;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Renders a prompt on top of init images. One output per input, streamed as each finishes; a bad input
/// writes a non-terminating error and the rest of the batch goes on.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Img2Img", DefaultParameterSetName = ModelSet)]
[OutputType(typeof(DiffusionImage))]
public sealed class InvokeImg2ImgCommand : ModelCmdlet
{
    private const int BatchActivityId = 1;
    private const int RenderActivityId = 2;
    private int _rendered;

    [Parameter(Mandatory = true, Position = 0)]
    [AllowEmptyString]
    public string Prompt { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath", "Path")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public InitImageSource[] InitImage { get; set; } = [];

    [Parameter]
    [AllowEmptyString]
    public string NegativePrompt { get; set; } = string.Empty;

    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double Strength { get; set; } = 0.75;

    [Parameter]
    [ValidateRange(1, 1000)]
    public int Steps { get; set; } = 50;

    /// <summary>Steps to actually take; the total is chosen so that exactly this many run at -Strength.</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int DenoiseSteps { get; set; }

    [Parameter]
    [ValidateRange(0.0, 100.0)]
    public double CfgScale { get; set; } = 7.5;

    [Parameter]
    [ValidateRange(0L, 4294967295L)]
    public long Seed { get; set; }

    [Parameter]
    [SamplerNames]
    [ArgumentCompleter(typeof(SamplerNameCompleter))]
    public string Sampler { get; set; } = SamplerCatalog.Default;

    /// <summary>Karras σ spacing for the k_ samplers.</summary>
    [Parameter]
    public SwitchParameter Karras { get; set; }

    /// <summary>DDIM's η.</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double Eta { get; set; }

    [Parameter]
    public NoiseSource NoiseSource { get; set; } = NoiseSource.Cpu;

    /// <summary>Output width; the init image's when not given. Rounded down to a multiple of 64.</summary>
    [Parameter]
    [ValidateRange(64, 8192)]
    public int Width { get; set; }

    [Parameter]
    [ValidateRange(64, 8192)]
    public int Height { get; set; }

    /// <summary>InvokeAI's --fit: shrink the init image to fit inside Width × Height, keeping its aspect ratio.</summary>
    [Parameter]
    public SwitchParameter Fit { get; set; }

    /// <summary>Images per init image; seeds count up from -Seed (or from a chosen seed).</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int Iterations { get; set; } = 1;

    protected override void BeginProcessing()
    {
        // Combinations that no single parameter's validation can see are bad parameters: stop before any render.
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Steps)) && MyInvocation.BoundParameters.ContainsKey(nameof(DenoiseSteps)))
            ThrowParameterError("Give -Steps or -DenoiseSteps, not both: -DenoiseSteps chooses the total steps itself.", nameof(DenoiseSteps));
        if (DenoiseSteps > 0 && Strength == 0)
            ThrowParameterError("At -Strength 0 no step is taken, so -DenoiseSteps cannot be met.", nameof(DenoiseSteps));
        var sampler = SamplerCatalog.Find(Sampler);
        if (Karras && !sampler.UsesKarras)
            ThrowParameterError($"-Karras applies to the k_ samplers; '{sampler.Name}' steps through timesteps.", nameof(Karras));
        if (Eta != 0 && !sampler.UsesEta)
            ThrowParameterError($"-Eta applies to ddim only, not to '{sampler.Name}'.", nameof(Eta));
        if (DenoiseSteps == 0 && Strength > 0 && StrengthSchedule.StepsTaken(Steps, Strength) == 0)
            ThrowParameterError($"{Steps} steps at strength {Strength} take no denoising step: steps × strength must be at least 1 " +
                                "(few-step models such as SD-Turbo need more -Steps or a higher -Strength).", nameof(Steps));
    }

    private void ThrowParameterError(string message, string parameter) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message, parameter), "InvalidParameterCombination",
            ErrorCategory.InvalidArgument, parameter));

    protected override void ProcessRecord()
    {
        foreach (var source in InitImage)
        {
            foreach (var (image, sourcePath) in InitImageReader.Read(this, source))
            {
                if (StopToken.IsCancellationRequested) return;
                var model = ResolveModel();
                if (model is null) return;
                uint firstSeed = MyInvocation.BoundParameters.ContainsKey(nameof(Seed)) ? (uint)Seed : SeedSource.NewSeed();
                for (int iteration = 0; iteration < Iterations && !StopToken.IsCancellationRequested; iteration++)
                    Render(model, image, sourcePath, unchecked(firstSeed + (uint)iteration));
            }
        }
    }

    protected override void EndProcessing()
    {
        if (_rendered > 0)
            WriteProgress(new ProgressRecord(BatchActivityId, "Invoke-Img2Img", $"{_rendered} rendered") { RecordType = ProgressRecordType.Completed });
    }

    private void Render(DiffusionModel model, RgbaImage image, string? sourcePath, uint seed)
    {
        // The batch bar counts images (how many will come through the pipeline is unknown); each render's steps
        // show as its child.
        WriteProgress(new ProgressRecord(BatchActivityId, "Invoke-Img2Img", $"Image {_rendered + 1} ({_rendered} rendered)"));
        var request = new Img2ImgRequest
        {
            Prompt = Prompt,
            NegativePrompt = NegativePrompt,
            InitImage = image,
            SourcePath = sourcePath,
            Strength = Strength,
            Steps = Steps,
            DenoiseSteps = DenoiseSteps > 0 ? DenoiseSteps : null,
            CfgScale = CfgScale,
            Sampler = Sampler,
            SamplerOptions = new SamplerOptions { Karras = Karras, Eta = Eta },
            NoiseSource = NoiseSource,
            Seed = seed,
            Width = Width > 0 ? Width : null,
            Height = Height > 0 ? Height : null,
            Fit = Fit,
        };
        var progress = new ProgressObserver(this, RenderActivityId, BatchActivityId,
            $"'{Prompt}' on {(sourcePath is null ? "an image" : Path.GetFileName(sourcePath))}, seed {seed}");
        try
        {
            WriteObject(Img2ImgPipeline.Render(model, request, progress, StopToken));
            _rendered++;
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            // Ctrl+C: PowerShell is already stopping the pipeline; nothing to report.
        }
        catch (ModelRunException e)
        {
            WriteError(e, "ModelRunFailed", ErrorCategory.InvalidResult, e.Path);
        }
        catch (ArgumentOutOfRangeException e)
        {
            WriteError(e, "InitImageSizeInvalid", ErrorCategory.InvalidData, (object?)sourcePath ?? image);
        }
        catch (ObjectDisposedException e)
        {
            WriteError(e, "SessionClosed", ErrorCategory.ResourceUnavailable, model.Path);
        }
        finally
        {
            if (!StopToken.IsCancellationRequested) progress.Complete();
        }
    }
}

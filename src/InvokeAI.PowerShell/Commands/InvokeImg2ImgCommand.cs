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
[Cmdlet(VerbsLifecycle.Invoke, "Img2Img")]
[OutputType(typeof(DiffusionImage))]
public sealed class InvokeImg2ImgCommand : CancellableCmdlet
{
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

    /// <summary>A diffusers ONNX model folder; by property name too, so a rendered image can be re-rendered with its own model.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Model { get; set; }

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
                var model = LoadModel();
                if (model is null) return;
                Render(model, image, sourcePath);
            }
        }
    }

    private DiffusionModel? LoadModel()
    {
        var (folder, isDemo) = ModelSelection.Choose(Model is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Model));
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var model = SessionRegistry.GetOrLoad(folder, ModelSelection.ProviderFor(isDemo, null), WriteWarning, out bool loaded);
            WriteVerbose(loaded
                ? $"Loaded model '{model.Path}' on {model.Provider} in {started.Elapsed.TotalSeconds:0.00} s."
                : $"Using the open session for '{model.Path}' on {model.Provider} ({model.RendersCompleted} renders so far).");
            return model;
        }
        catch (ModelFolderException e)
        {
            WriteError(e, "ModelFolderInvalid", ErrorCategory.InvalidArgument, e.Path);
        }
        catch (InvalidOperationException e)
        {
            WriteError(e, "ExecutionProviderUnavailable", ErrorCategory.ResourceUnavailable, folder);
        }
        return null;
    }

    private void Render(DiffusionModel model, RgbaImage image, string? sourcePath)
    {
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
            Seed = MyInvocation.BoundParameters.ContainsKey(nameof(Seed)) ? (uint)Seed : null,
        };
        var progress = new ProgressObserver(this, 1, $"Invoke-Img2Img '{Prompt}' on {(sourcePath is null ? "an image" : Path.GetFileName(sourcePath))}");
        try
        {
            WriteObject(Img2ImgPipeline.Render(model, request, progress, StopToken));
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
        finally
        {
            if (!StopToken.IsCancellationRequested) progress.Complete();
        }
    }
}

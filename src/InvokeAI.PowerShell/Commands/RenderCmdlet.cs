using System.Management.Automation;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Scheduling;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Base for cmdlets that run an img2img render (Invoke-Img2Img, Get-LatentSteps): the render parameters, their
/// cross-checks, the request they make, the init images they read, and the errors a render can end in, so every
/// such cmdlet takes the same parameters with the same meaning.
/// </summary>
public abstract partial class RenderCmdlet : ModelCmdlet
{
    protected const string ModelLiteralPathSet = "ModelLiteralPath";
    protected const string SessionLiteralPathSet = "SessionLiteralPath";

    /// <summary>The four sets: the model from -Session or not, crossed with the init images from -InitImage or -LiteralPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SessionSet)]
    [Parameter(Mandatory = true, ParameterSetName = SessionLiteralPathSet)]
    [ValidateNotNull]
    public override DiffusionSession? Session { get; set; }

    [Parameter(ParameterSetName = ModelSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ModelLiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ModelFolderCompleter))]
    public override string? Model { get; set; }

    /// <summary>
    /// Not mandatory, so that -Metadata or a piped object's Prompt can supply it (see RenderCmdlet.PipedSettings);
    /// a render with none of them stops with PromptMissing. Null means "not given"; an empty prompt is a prompt
    /// when given on the command line, and not given when a piped object brings it (PrepareRecord).
    /// </summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [AllowNull]
    public string? Prompt { get; set; }

    /// <summary>
    /// A string is a path with wildcards, as Get-FileHash -Path takes it, except that one naming an existing file
    /// exactly is that file (see InitImageReader); files from Get-ChildItem bind to -LiteralPath instead (through
    /// PSPath, which binds without conversion and so before this parameter does).
    /// </summary>
    /// <remarks>
    /// FullName stays here rather than on -LiteralPath (where Import-Image has it): an object that also brings a
    /// Prompt, Seed or Model binds that first, which settles PowerShell on the default parameter set, this one;
    /// -LiteralPath could then never bind, and `Select-Object FullName, Prompt` rows would fail for want of an
    /// init image. A FileInfo still reaches -LiteralPath (PSPath binds without conversion, FullName needs one), or,
    /// with such a property added, this parameter by value, which takes a FileInfo's path literally too.
    /// </remarks>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ModelSet)]
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SessionSet)]
    [Alias("FullName", "Path")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public InitImageSource[] InitImage { get; set; } = [];

    /// <summary>Init image files taken exactly as written, so "sketch[1].png" is that file and not a pattern.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ModelLiteralPathSet)]
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SessionLiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter]
    [AllowEmptyString]
    public string NegativePrompt { get; set; } = string.Empty;

    /// <summary>Null until given (0.75 then): a piped object's Strength may supply it, by property name.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [EmptyStringAsNull]
    [ValidateRangeUnlessNull(0.0, 1.0)]
    public double? Strength { get; set; }

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

    /// <summary>Null until given (a random seed then): a piped object's Seed may supply it, by property name.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [EmptyStringAsNull]
    [ValidateRangeUnlessNull(0L, 4294967295L)]
    public long? Seed { get; set; }

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

    /// <summary>InvokeAI's -v: how far to slerp the noise toward a new variation seed's noise.</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double Variation { get; set; }

    /// <summary>InvokeAI's -V: "seed:weight,seed:weight", variations already applied (reproduces a variant).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Variations")]
    [AllowNull]
    public object? WithVariations { get; set; }

    /// <summary>The inpainting mask, white = repaint, instead of the init images' transparency; applies to every render.</summary>
    [Parameter]
    [ValidateNotNull]
    public InitImageSource? Mask { get; set; }

    [Parameter]
    public SwitchParameter InvertMask { get; set; }

    /// <summary>Pixels over which the repainted region fades into the kept original, inside the hole only.</summary>
    [Parameter]
    [ValidateRange(0, 64)]
    public int MaskBlur { get; set; } = 4;

    /// <summary>-Mask's pixels and file, read once in BeginProcessing.</summary>
    private RgbaImage? _maskImage;
    private string? _maskPath;

    protected override void BeginProcessing()
    {
        ApplyMetadata();
        if (MyInvocation.BoundParameters.ContainsKey(nameof(WithVariations)))
        {
            try { ParseVariations(); }
            catch (FormatException e) { ThrowParameterError(e.Message, nameof(WithVariations)); }
        }
        // Combinations that no single parameter's validation can see are bad parameters: stop before any render.
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Steps)) && MyInvocation.BoundParameters.ContainsKey(nameof(DenoiseSteps)))
            ThrowParameterError("Give -Steps or -DenoiseSteps, not both: -DenoiseSteps chooses the total steps itself.", nameof(DenoiseSteps));
        CheckCommandLineRules();
        if (Mask is not null) (_maskImage, _maskPath) = MaskImageReader.Read(this, Mask);
        RememberCommandLineSettings();
    }

    /// <summary>The first rule of <see cref="RenderRules"/> that these settings break, at <paramref name="strength"/>.</summary>
    private RenderRules.Problem? CheckRules(double strength) =>
        RenderRules.Check(Steps, DenoiseSteps > 0 ? DenoiseSteps : null, strength, Sampler, new SamplerOptions { Karras = Karras, Eta = Eta });

    /// <summary>
    /// -WithVariations as pairs: a "seed:weight,..." string, or the Variations of a rendered image piped in (by
    /// property name), so a variant can be re-rendered from its own record.
    /// </summary>
    private IReadOnlyList<SeedWeight> ParseVariations()
    {
        // A FormatException from here is a bad parameter on the command line (BeginProcessing stops the command)
        // or a bad value piped in by property name (that one render fails, the batch goes on).
        object? value = WithVariations is PSObject wrapped ? wrapped.BaseObject : WithVariations;
        return value switch
        {
            null => [],
            string text => SeedWeight.ParseList(text),
            IEnumerable<SeedWeight> pairs => pairs.ToList(),
            System.Collections.IEnumerable items => items.Cast<object>()
                .SelectMany(item => SeedWeight.ParseList(LanguagePrimitives.ConvertTo<string>(item))).ToList(),
            _ => SeedWeight.ParseList(LanguagePrimitives.ConvertTo<string>(value)),
        };
    }

    protected void ThrowParameterError(string message, string parameter) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message, parameter), "InvalidParameterCombination",
            ErrorCategory.InvalidArgument, parameter));

    /// <summary>
    /// Every init image of this pipeline input with the model to render it: unreadable inputs have written their
    /// errors and are skipped; a model that cannot be loaded has written its error and ends the sequence.
    /// </summary>
    protected IEnumerable<(DiffusionModel Model, RgbaImage Image, string? SourcePath)> ReadInitImages()
    {
        var sources = ParameterSetName is ModelLiteralPathSet or SessionLiteralPathSet
            ? LiteralPath.Select(InitImageSource.FromLiteralPath)
            : InitImage;
        foreach (var source in sources)
        {
            foreach (var (image, sourcePath) in InitImageReader.Read(this, source))
            {
                if (StopToken.IsCancellationRequested) yield break;
                var model = ResolveModel();
                if (model is null) yield break;
                yield return (model, image, sourcePath);
            }
        }
    }

    /// <summary>
    /// -Seed (or -Metadata's, or the piped object's seed) when given, else a new random seed (recorded on the output
    /// so the render can be repeated).
    /// </summary>
    protected uint ChooseSeed() => Seed is long seed ? (uint)seed : SeedSource.NewSeed();

    /// <param name="variationSeed">The new variation's seed when -Variation is above 0; a random one when null.</param>
    protected Img2ImgRequest BuildRequest(RgbaImage image, string? sourcePath, uint seed, uint? variationSeed = null) => new()
    {
        WithVariations = ParseVariations(),
        VariationAmount = Variation,
        VariationSeed = Variation > 0 ? variationSeed ?? SeedSource.NewSeed() : null,
        Prompt = Prompt ?? string.Empty,
        NegativePrompt = NegativePrompt,
        InitImage = image,
        SourcePath = sourcePath,
        Strength = EffectiveStrength,
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
        Mask = _maskImage,
        MaskPath = _maskPath,
        InvertMask = InvertMask,
        MaskBlur = MaskBlur,
    };

    /// <summary>What the progress bar calls one render.</summary>
    protected string DescribeRender(string? sourcePath, uint seed) =>
        $"'{Prompt}' on {(sourcePath is null ? "an image" : System.IO.Path.GetFileName(sourcePath))}, seed {seed}";

    /// <summary>
    /// Runs one render and turns the ways it can fail into non-terminating errors with stable ids, so the rest
    /// of the batch goes on. Returns false when it failed or was stopped.
    /// </summary>
    protected bool TryRender(DiffusionModel model, RgbaImage image, string? sourcePath, Action render)
    {
        try
        {
            render();
            return true;
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            // Ctrl+C: PowerShell is already stopping the pipeline; nothing to report.
        }
        catch (ModelRunException e)
        {
            WriteError(e, "ModelRunFailed", ErrorCategory.InvalidResult, e.Path);
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName is "size" or "width" or "height" or "image")
        {
            WriteError(e, "InitImageSizeInvalid", ErrorCategory.InvalidData, (object?)sourcePath ?? image);
        }
        catch (ArgumentException e)
        {
            // A value the parameters' own validation allowed but this model's schedule cannot honour (e.g. 1000 steps
            // with leading spacing and steps_offset 1 ask for timestep 1000, for ddim by default and for the k_
            // samplers when the config names leading), or a variation list piped in by property name.
            WriteError(e, "RenderParameterInvalid", ErrorCategory.InvalidArgument, e.ParamName ?? (object?)sourcePath ?? image);
        }
        catch (FormatException e)
        {
            WriteError(e, "RenderParameterInvalid", ErrorCategory.InvalidArgument, nameof(WithVariations));
        }
        catch (ObjectDisposedException e)
        {
            WriteError(e, "SessionClosed", ErrorCategory.ResourceUnavailable, model.Path);
        }
        return false;
    }
}

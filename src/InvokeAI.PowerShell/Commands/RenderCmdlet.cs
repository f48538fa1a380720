using System.Management.Automation;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Models;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Base for the cmdlets that render (Invoke-Img2Img, Get-LatentSteps): a parameter per render setting, named as
/// <see cref="RenderSettings"/> names it, and the work around every render: settle each piped object's settings
/// (<see cref="RenderSettingsResolver"/>: the command line, then -Metadata, then the object's own), read its init
/// images, run the renders under one batch progress bar, and report each way a render can fail as an ErrorRecord
/// with a stable id, so one bad input never stops the batch.
/// </summary>
public abstract class RenderCmdlet : ModelCmdlet
{
    protected const string ModelLiteralPathSet = "ModelLiteralPath";
    protected const string SessionLiteralPathSet = "SessionLiteralPath";
    public const string ImageMetadataPipedId = "ImageMetadataNotAnInitImage";

    private RenderSettingsResolver _resolver = null!;
    private BatchProgress _batch = null!;
    private RgbaImage? _maskImage;
    private string? _maskPath;
    /// <summary>The kinds of difference from -Metadata's record already told in this command, each told once.</summary>
    private readonly HashSet<ReRenderDifferenceKind> _differencesTold = [];

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

    // The render settings. Null is "not given": -Metadata or a piped object may then supply the value, else
    // RenderSettings.Defaults does (the help shows those defaults). Prompt, Seed, Strength and Variations bind from
    // piped objects by property name, so a CSV row or a rendered image brings its own.

    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [AllowNull]
    public string? Prompt { get; set; }

    [Parameter]
    [AllowEmptyString]
    public string? NegativePrompt { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [EmptyStringAsNull]
    [ValidateSettingRange(nameof(RenderSettings.Strength))]
    public double? Strength { get; set; }

    [Parameter]
    [ValidateSettingRange(nameof(RenderSettings.Steps))]
    public int? Steps { get; set; }

    [Parameter]
    [ValidateSettingRange(nameof(RenderSettings.DenoiseSteps))]
    public int? DenoiseSteps { get; set; }

    [Parameter]
    [ValidateSettingRange(nameof(RenderSettings.CfgScale))]
    public double? CfgScale { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [EmptyStringAsNull]
    [ValidateSettingRange(nameof(RenderSettings.Seed))]
    public long? Seed { get; set; }

    [Parameter]
    [SamplerNames]
    [ArgumentCompleter(typeof(SamplerNameCompleter))]
    public string? Sampler { get; set; }

    [Parameter]
    public SwitchParameter Karras { get; set; }

    [Parameter]
    [ValidateSettingRange(nameof(RenderSettings.Eta))]
    public double? Eta { get; set; }

    [Parameter]
    public NoiseSource? NoiseSource { get; set; }

    [Parameter]
    [ValidateSettingRange(nameof(RenderSettings.Width))]
    public int? Width { get; set; }

    [Parameter]
    [ValidateSettingRange(nameof(RenderSettings.Height))]
    public int? Height { get; set; }

    [Parameter]
    public SwitchParameter Fit { get; set; }

    [Parameter]
    [ValidateSettingRange(nameof(RenderSettings.Variation))]
    public double? Variation { get; set; }

    /// <summary>"seed:weight,..." text, or the Variations of a rendered image piped in (by property name).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Variations")]
    [AllowNull]
    public object? WithVariations { get; set; }

    /// <summary>The inpainting mask (white = repaint) for every render, instead of the init images' transparency.</summary>
    [Parameter]
    [ValidateNotNull]
    public InitImageSource? Mask { get; set; }

    [Parameter]
    public SwitchParameter InvertMask { get; set; }

    [Parameter]
    [ValidateSettingRange(nameof(RenderSettings.MaskBlur))]
    public int? MaskBlur { get; set; }

    /// <summary>A recorded render (Get-ImageMetadata) to repeat: it supplies every setting the command line leaves out.</summary>
    [Parameter]
    [ValidateNotNull]
    public ImageMetadata? Metadata { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            _resolver = new RenderSettingsResolver(CommandLineSettings(), Metadata, itemsMayBringSettings: MyInvocation.ExpectingInput, maskGiven: Mask is not null);
        }
        catch (FormatException e)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(e.Message, nameof(WithVariations), e), "InvalidParameterCombination",
                ErrorCategory.InvalidArgument, nameof(WithVariations)));
        }
        catch (RenderSettingException e)
        {
            ReportSettingProblem(e);
        }
        foreach (string warning in _resolver.Warnings) WriteWarning(warning);
        if (Metadata is { } metadata)
        {
            var taken = _resolver.TakenFromRecord.Concat(_resolver.RecordedMaskFile is null ? [] : [nameof(Mask)]).ToList();
            WriteVerbose($"From the {metadata.Format} metadata{(metadata.Path is null ? "" : $" of '{metadata.Path}'")}: " +
                         (taken.Count == 0 ? "nothing (every parameter it has was given)." : string.Join(", ", taken) + "."));
        }
        var mask = Mask ?? (_resolver.RecordedMaskFile is { } file ? new InitImageSource(new FileInfo(file)) : null);
        if (mask is not null) (_maskImage, _maskPath) = MaskImageReader.Read(this, mask);
        _batch = new BatchProgress(this, MyInvocation.MyCommand.Name);
    }

    protected override void ProcessRecord() => _batch.Run(RenderThisObject, StopToken);

    protected override void EndProcessing() => _batch.Complete();

    /// <summary>The settings of each render of one init image: one by default.</summary>
    protected virtual IEnumerable<RenderSettings> RendersOf(RenderSettings settings) => [settings.WithSeedsChosen()];

    /// <summary>Runs one render and writes what it makes.</summary>
    protected abstract void Render(DiffusionModel model, Img2ImgRequest request, IRenderObserver progress);

    /// <summary>
    /// What the command line gave: in BeginProcessing, before any piped object, the properties hold only its values.
    /// Switches count as given only when named, so -Karras:$false can overrule a record's Karras.
    /// </summary>
    private RenderSettings CommandLineSettings()
    {
        bool? Switch(string name, SwitchParameter value) => MyInvocation.BoundParameters.ContainsKey(name) ? value.IsPresent : null;
        return new RenderSettings
        {
            Prompt = Prompt, NegativePrompt = NegativePrompt, Seed = (ulong?)Seed, Strength = Strength, Steps = Steps,
            DenoiseSteps = DenoiseSteps, CfgScale = CfgScale, Sampler = Sampler, Karras = Switch(nameof(Karras), Karras), Eta = Eta,
            NoiseSource = NoiseSource, Width = Width, Height = Height, Fit = Switch(nameof(Fit), Fit),
            Variations = MyInvocation.BoundParameters.ContainsKey(nameof(WithVariations)) ? ParseVariations() : null,
            Variation = Variation, InvertMask = Switch(nameof(InvertMask), InvertMask), MaskBlur = MaskBlur,
        };
    }

    /// <summary>-WithVariations as pairs: "seed:weight,..." text, or a rendered image's Variations; a FormatException when malformed.</summary>
    private IReadOnlyList<SeedWeight> ParseVariations() => (WithVariations is PSObject wrapped ? wrapped.BaseObject : WithVariations) switch
    {
        null => [],
        string text => SeedWeight.ParseList(text),
        IEnumerable<SeedWeight> pairs => pairs.ToList(),
        System.Collections.IEnumerable items => items.Cast<object>().SelectMany(item => SeedWeight.ParseList(LanguagePrimitives.ConvertTo<string>(item))).ToList(),
        var value => SeedWeight.ParseList(LanguagePrimitives.ConvertTo<string>(value)),
    };

    private void RenderThisObject()
    {
        if (SettingsOfThisObject() is not { } settings) return;
        foreach (var (model, image, sourcePath) in ReadInitImages())
        {
            foreach (var render in RendersOf(settings))
            {
                if (StopToken.IsCancellationRequested) return;
                var request = new Img2ImgRequest { Settings = render, InitImage = image, SourcePath = sourcePath, Mask = _maskImage, MaskPath = _maskPath };
                var progress = _batch.StartRender($"'{render.Prompt}' on {(sourcePath is null ? "an image" : System.IO.Path.GetFileName(sourcePath))}, seed {render.Seed}");
                try
                {
                    if (TryRender(model, request, () => Render(model, request, progress))) _batch.RenderFinished();
                }
                finally
                {
                    if (!StopToken.IsCancellationRequested) progress.Complete();
                }
            }
        }
    }

    /// <summary>This piped object's settings, or null when it cannot be rendered (its error is written).</summary>
    private RenderSettings? SettingsOfThisObject()
    {
        // Before the prompt check: a record without a prompt should hear that it belongs to -Metadata.
        if (RefusePipedMetadata()) return null;
        try
        {
            // PowerShell binds what the object brings into these properties (unless the command line bound them) and
            // restores them after the object; the resolver lets the command line and -Metadata win.
            return _resolver.ForItem(new RenderSettings { Prompt = Prompt, Seed = (ulong?)Seed, Strength = Strength, Variations = ParseVariations() });
        }
        catch (FormatException e)
        {
            WriteError(new ArgumentException(e.Message, nameof(WithVariations), e), "RenderParameterInvalid", ErrorCategory.InvalidArgument, nameof(WithVariations));
        }
        catch (RenderSettingException e)
        {
            ReportSettingProblem(e);
        }
        return null;
    }

    /// <summary>
    /// One piped object's problem fails that object alone; the command line's or -Metadata's stop the command
    /// before anything more renders, as do a missing prompt (a stream of files has none in any of them).
    /// </summary>
    private void ReportSettingProblem(RenderSettingException e)
    {
        if (e is PromptMissingException) ThrowTerminatingError(new ErrorRecord(e, "PromptMissing", ErrorCategory.InvalidArgument, null));
        if (e.Origin == SettingSource.Item)
            WriteError(e, "RenderParameterInvalid", ErrorCategory.InvalidArgument, e.Setting);
        else
            ThrowTerminatingError(new ErrorRecord(e, "InvalidParameterCombination", ErrorCategory.InvalidArgument,
                e.Origin == SettingSource.Recorded ? nameof(Metadata) : e.Setting));
    }

    /// <summary>
    /// Get-ImageMetadata's records piped in are refused, one error each, pointing to -Metadata. Left alone, PowerShell
    /// would bind a record's Path (the rendered file) to -InitImage and render on top of the output; binding records to
    /// -Metadata by value is not safe either, since any object whose properties all exist on ImageMetadata (an
    /// Import-Csv row of Path and Prompt) would convert to one.
    /// </summary>
    private bool RefusePipedMetadata()
    {
        if (ParameterSetName is ModelLiteralPathSet or SessionLiteralPathSet) return false;
        var records = InitImage.Where(source => source.Metadata is not null).Select(source => source.Metadata!).ToList();
        foreach (var record in records)
        {
            string file = record.Path is null ? "an image" : $"'{record.Path}'";
            string initImage = record.InitImagePath is null ? "<init image>" : "$_.InitImagePath";
            var problem = new ArgumentException(
                $"The {record.Format} metadata of {file} is not an init image. To repeat its render, give it to -Metadata " +
                $"with the init image to start from: Get-ImageMetadata <file> | ForEach-Object {{ {MyInvocation.MyCommand.Name} -Metadata $_ -InitImage {initImage} }}.",
                nameof(InitImage));
            WriteError(new ErrorRecord(problem, ImageMetadataPipedId, ErrorCategory.InvalidArgument, record));
        }
        return records.Count > 0;
    }

    /// <summary>
    /// Every init image of this pipeline input with the model to render it: unreadable inputs have written their
    /// errors and are skipped; a model that cannot be loaded has written its error and ends the sequence.
    /// </summary>
    private IEnumerable<(DiffusionModel Model, RgbaImage Image, string? SourcePath)> ReadInitImages()
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

    /// <summary>Runs one render, turning the ways it can fail into non-terminating errors; false when it failed or was stopped.</summary>
    private bool TryRender(DiffusionModel model, Img2ImgRequest request, Action render)
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
        catch (InitImageSizeException e)
        {
            WriteError(e, "InitImageSizeInvalid", ErrorCategory.InvalidData, (object?)request.SourcePath ?? request.InitImage);
        }
        catch (RenderSettingException e)
        {
            // A value this model's schedule cannot honour (1000 steps with leading spacing and steps_offset 1 ask for
            // timestep 1000).
            WriteError(e, "RenderParameterInvalid", ErrorCategory.InvalidArgument, e.Setting);
        }
        catch (ObjectDisposedException e)
        {
            WriteError(e, "SessionClosed", ErrorCategory.ResourceUnavailable, model.Path);
        }
        return false;
    }

    /// <summary>
    /// After a render from -Metadata: warns when it may not have the recorded render's pixels (another init image,
    /// mask or model; see <see cref="ReRenderDifferences"/>), each kind of difference once per command: applying one
    /// record to a folder of sketches is normal, and a warning per sketch would bury any other. Intermediate steps
    /// are not checked, only the finished image.
    /// </summary>
    protected DiffusionImage CheckedAgainstMetadata(DiffusionImage image)
    {
        if (Metadata is null || image.Step is not null) return image;
        var differences = ReRenderDifferences.Between(Metadata, image).Where(d => _differencesTold.Add(d.Kind)).ToList();
        if (differences.Count > 0)
            WriteWarning($"This render does not repeat the one recorded{(Metadata.Path is null ? "" : $" in '{Metadata.Path}'")}, " +
                         $"so its pixels may differ from it: {string.Join("; ", differences)}.");
        return image;
    }
}

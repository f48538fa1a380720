using System.Management.Automation;
using System.Reflection;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Models;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Prompts;
using InvokeAI.PowerShell.Sessions;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Base for the cmdlets that render (Invoke-Img2Img, Get-LatentSteps): a parameter per render setting, named as
/// <see cref="RenderSettings"/> names it, and the work around every render: settle each piped object's settings
/// (<see cref="RenderSettingsResolver"/>: the command line, then -Metadata, then the object's own), read its init
/// images, run the renders under one batch progress bar, and report each way a render can fail as an ErrorRecord
/// with a stable id, so one bad input never stops the batch.
/// </summary>
public abstract partial class RenderCmdlet : ModelCmdlet
{
    protected const string ModelLiteralPathSet = "ModelLiteralPath";
    protected const string SessionLiteralPathSet = "SessionLiteralPath";

    private RenderSettingsResolver _resolver = null!;
    private BatchProgress _batch = null!;
    private ReRenderCheck? _reRenderCheck;
    private RgbaImage? _maskImage;
    private string? _maskPath;

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
    /// A path with wildcards, as Get-FileHash -Path takes it, except that one naming an existing file exactly is that
    /// file (InitImageReader); files from Get-ChildItem bind to -LiteralPath through PSPath, which needs no conversion.
    /// FullName stays here rather than on -LiteralPath: an object that also brings a Prompt, Seed or Model binds that
    /// first, which settles PowerShell on this default set, so `Select-Object FullName, Prompt` rows still find it.
    /// </summary>
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

    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true), AllowEmptyString, AllowNull]
    public string? Prompt { get; set; }

    [Parameter, AllowEmptyString]
    public string? NegativePrompt { get; set; }

    /// <summary>By property name too, so a record another tool wrote (A1111, ComfyUI) re-renders in its own syntax.</summary>
    /// <remarks>[SettingText]: a cell PowerShell cannot convert ('Midjourney') would otherwise be dropped silently and the row read as InvokeAI's.</remarks>
    [Parameter(ValueFromPipelineByPropertyName = true), SettingText(nameof(RenderSettings.PromptSyntax))]
    public PromptSyntax? PromptSyntax { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true), SettingText(nameof(RenderSettings.Strength)), ValidateSettingRange(nameof(RenderSettings.Strength))]
    public double? Strength { get; set; }

    [Parameter, ValidateSettingRange(nameof(RenderSettings.Steps))]
    public int? Steps { get; set; }

    [Parameter, ValidateSettingRange(nameof(RenderSettings.DenoiseSteps))]
    public int? DenoiseSteps { get; set; }

    [Parameter, ValidateSettingRange(nameof(RenderSettings.CfgScale))]
    public double? CfgScale { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true), SettingText(nameof(RenderSettings.Seed)), ValidateSettingRange(nameof(RenderSettings.Seed))]
    public long? Seed { get; set; }

    [Parameter, SamplerNames, ArgumentCompleter(typeof(SamplerNameCompleter))]
    public string? Sampler { get; set; }

    [Parameter]
    public SwitchParameter Karras { get; set; }

    [Parameter, ValidateSettingRange(nameof(RenderSettings.Eta))]
    public double? Eta { get; set; }

    [Parameter]
    public NoiseSource? NoiseSource { get; set; }

    [Parameter]
    public RenderCompatibility? Compatibility { get; set; }

    [Parameter, ValidateSettingRange(nameof(RenderSettings.Width))]
    public int? Width { get; set; }

    [Parameter, ValidateSettingRange(nameof(RenderSettings.Height))]
    public int? Height { get; set; }

    [Parameter]
    public SwitchParameter Fit { get; set; }

    [Parameter, ValidateSettingRange(nameof(RenderSettings.Variation))]
    public double? Variation { get; set; }

    /// <summary>"seed:weight,..." text, or the Variations of a rendered image piped in (by property name).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true), Alias("Variations"), AllowNull]
    public object? WithVariations { get; set; }

    /// <summary>The inpainting mask (white = repaint) for every render, instead of the init images' transparency.</summary>
    [Parameter, ValidateNotNull]
    public InitImageSource? Mask { get; set; }

    [Parameter]
    public SwitchParameter InvertMask { get; set; }

    [Parameter, ValidateSettingRange(nameof(RenderSettings.MaskBlur))]
    public int? MaskBlur { get; set; }

    [Parameter]
    public SwitchParameter VaeSample { get; set; }

    /// <summary>SDXL's original-size conditioning, "width x height" (1024x1024).</summary>
    [Parameter, PixelPair(typeof(PixelSize))]
    public PixelSize? OriginalSize { get; set; }

    /// <summary>SDXL's crop conditioning, "top,left" in pixels.</summary>
    [Parameter, PixelPair(typeof(PixelOffset))]
    public PixelOffset? CropTopLeft { get; set; }

    /// <summary>Run the VAE in overlapping tiles (-Tiled) or never (-Tiled:$false); unset tiles images above 1024×1024 pixels.</summary>
    [Parameter]
    public SwitchParameter Tiled { get; set; }

    /// <summary>Working memory given back after each render, and on a GPU guidance's halves as two calls: the same pixels (not a render setting).</summary>
    [Parameter]
    public SwitchParameter LowMemory { get; set; }

    /// <summary>A recorded render (Get-ImageMetadata) to repeat: it supplies every setting the command line leaves out.</summary>
    [Parameter, ValidateNotNull]
    public ImageMetadata? Metadata { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            _resolver = new RenderSettingsResolver(CommandLineSettings(), Metadata, itemsMayBringSettings: MyInvocation.ExpectingInput, maskGiven: Mask is not null);
        }
        catch (RenderSettingException e)
        {
            ReportSettingProblem(e);
        }
        foreach (string warning in _resolver.Warnings) WriteWarning(warning);
        if (Metadata is not null) _reRenderCheck = new ReRenderCheck(Metadata);
        if (_resolver.RecordUse is { } recordUse) WriteVerbose(recordUse);
        var mask = Mask ?? (_resolver.RecordedMaskFile is { } file ? new InitImageSource(new FileInfo(file)) : null);
        if (mask is not null) (_maskImage, _maskPath) = MaskImageReader.Read(this, mask);
        _batch = new BatchProgress(this, MyInvocation.MyCommand.Name);
    }

    protected override void ProcessRecord() => _batch.Run(RenderThisObject, StopToken);

    protected override void EndProcessing()
    {
        FinishSpreadRenders();
        _batch.Complete();
    }

    /// <summary>The settings of each render of one init image: one by default.</summary>
    protected virtual IEnumerable<RenderSettings> RendersOf(RenderSettings settings) => [settings.WithSeedsChosen()];

    /// <summary>Runs one render and writes what it makes.</summary>
    protected abstract void Render(DiffusionModel model, Img2ImgRequest request, IRenderObserver progress);

    /// <summary>
    /// What the command line gave, each parameter as the setting of its name: in BeginProcessing, BoundParameters
    /// holds the command line's parameters and nothing else. A switch named counts, so -Karras:$false overrules a
    /// record's Karras; -WithVariations $null or '' is "no variations", which overrules a record's too.
    /// </summary>
    private RenderSettings CommandLineSettings()
    {
        var given = FromBinding(MyInvocation.BoundParameters.Select(p => KeyValuePair.Create<string, object?>(SettingOf(p.Key), p.Value)), SettingSource.Given);
        return MyInvocation.BoundParameters.ContainsKey(nameof(WithVariations)) ? given with { Variations = given.Variations ?? [] } : given;
    }

    /// <summary>The settings a piped object can bring: those whose parameters bind by property name.</summary>
    private static readonly PropertyInfo[] PipedSettings = typeof(RenderCmdlet).GetProperties()
        .Where(p => RenderSettings.Names.Contains(SettingOf(p.Name)) && p.GetCustomAttributes<ParameterAttribute>().Any(a => a.ValueFromPipelineByPropertyName))
        .ToArray();

    /// <summary>This piped object's values: PowerShell binds what it brings into those parameters, unless the command line did.</summary>
    private RenderSettings ThisObjectsSettings() =>
        FromBinding(PipedSettings.Select(p => KeyValuePair.Create(SettingOf(p.Name), p.GetValue(this))), SettingSource.Item);

    /// <summary>Settings from bound values, by the settings' names; other parameters are passed over.</summary>
    private static RenderSettings FromBinding(IEnumerable<KeyValuePair<string, object?>> values, SettingSource source) => RenderSettings.From(
        values.Where(v => RenderSettings.Names.Contains(v.Key)).Select(v => KeyValuePair.Create<string, object?>(v.Key, v.Value switch
        {
            PSObject wrapped => wrapped.BaseObject,
            SwitchParameter named => named.IsPresent,
            var value => value,
        })), source);

    /// <summary>Each render setting's parameter has its name, but for -WithVariations (the Variations a render records).</summary>
    private static string SettingOf(string parameter) => parameter == nameof(WithVariations) ? nameof(RenderSettings.Variations) : parameter;

    private static string ParameterOf(string setting) => setting == nameof(RenderSettings.Variations) ? nameof(WithVariations) : setting;

    private void RenderThisObject()
    {
        if (SettingsOfThisObject() is not { } settings) return;
        var sources = ParameterSetName is ModelLiteralPathSet or SessionLiteralPathSet ? LiteralPath.Select(InitImageSource.FromLiteralPath) : InitImage;
        // Unreadable inputs have written their errors; a model that cannot load has written its error and ends the object.
        foreach (var (image, sourcePath) in sources.SelectMany(source => InitImageReader.Read(this, source)))
        {
            if (StopToken.IsCancellationRequested || ResolveModel() is not { } model) return;
            // A Turbo or LCM model brings its own step count, sampler and guidance for what nobody stated; with the
            // model known the settings are checked whole.
            if (SettingsOfThisObject(model.Family.RenderDefaults) is not { } forModel) return;
            foreach (var render in RendersOf(forModel))
            {
                if (StopToken.IsCancellationRequested) return;
                var request = new Img2ImgRequest
                {
                    Settings = render, InitImage = image, SourcePath = sourcePath, Mask = _maskImage, MaskPath = _maskPath, LowMemory = LowMemory,
                };
                string description = $"'{render.Prompt}' on {(sourcePath is null ? "an image" : System.IO.Path.GetFileName(sourcePath))}, seed {render.Seed}";
                if (SpreadLimit > 1)
                {
                    Spread(model, request, description);
                    continue;
                }
                var progress = _batch.StartRender(description);
                try
                {
                    Render(model, request, progress);
                    _batch.RenderFinished();
                }
                catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
                {
                    return; // Ctrl+C: PowerShell is already stopping the pipeline; nothing to report.
                }
                catch (Exception e) when (RenderError(e, model, request) is { } error)
                {
                    WriteError(Naming(error, request.SourcePath ?? $"the {request.InitImage.Width}×{request.InitImage.Height} init image", $" (seed {request.Settings.Seed})")); // This render alone fails; the batch goes on.
                }
                finally
                {
                    if (!StopToken.IsCancellationRequested) progress.Complete();
                }
            }
        }
    }

    /// <summary>This piped object's settings, or null when it cannot be rendered (its error is written).</summary>
    private RenderSettings? SettingsOfThisObject(RenderSettings? modelDefaults = null)
    {
        // Before the prompt check: a record without a prompt should hear that it belongs to -Metadata.
        if (ParameterSetName is ModelSet or SessionSet && InitImageReader.RefuseRecords(this, InitImage)) return null;
        try
        {
            // The resolver lets the command line's and -Metadata's values win over the object's.
            return _resolver.ForItem(ThisObjectsSettings(), modelDefaults);
        }
        catch (RenderSettingException e)
        {
            ReportSettingProblem(e);
        }
        return null;
    }

    /// <summary>
    /// One piped object's problem fails that object alone (an empty Prompt cell too); the command line's or
    /// -Metadata's stop the command before anything more renders, as does a prompt missing from the command line when
    /// the objects have no Prompt of their own (a stream of files has none in any of them).
    /// </summary>
    private void ReportSettingProblem(RenderSettingException e)
    {
        if (e is RecordNotARenderException)
            ThrowTerminatingError(new ErrorRecord(e, "MetadataNotARender", ErrorCategory.InvalidArgument, Metadata?.Path ?? (object?)Metadata));
        if (e is PromptMissingException)
        {
            var record = new ErrorRecord(e, "PromptMissing", ErrorCategory.InvalidArgument, e.Origin == SettingSource.Item ? ThisObjectsInitImages() : null);
            if (e.Origin != SettingSource.Item) ThrowTerminatingError(record);
            WriteError(Naming(record, ThisObjectsInitImages()));
            return;
        }
        if (e.InnerException is PromptSyntaxException syntax)
        {
            // The prompt's own error, with its column: the setting's wrapper would only repeat it.
            var syntaxRecord = new ErrorRecord(syntax, "PromptSyntaxInvalid", ErrorCategory.SyntaxError, syntax.Text);
            if (e.Origin != SettingSource.Item) ThrowTerminatingError(syntaxRecord);
            WriteError(Naming(syntaxRecord, ThisObjectsInitImages()));
            return;
        }
        // Named as the user gave it: a recorded value by -Metadata, the variations by -WithVariations.
        string parameter = e.Origin == SettingSource.Recorded ? nameof(Metadata) : ParameterOf(e.Setting);
        var problem = new ArgumentException(e.Reason, parameter, e);
        if (e.Origin == SettingSource.Item)
            WriteError(Naming(new ErrorRecord(problem, "RenderParameterInvalid", ErrorCategory.InvalidArgument, ThisObjectsInitImages()), ThisObjectsInitImages()));
        else
            ThrowTerminatingError(new ErrorRecord(problem, "InvalidParameterCombination", ErrorCategory.InvalidArgument, parameter));
    }

    /// <summary>The init images this piped object names (its InitImage, FullName, Path or PSPath), to name it by.</summary>
    private string ThisObjectsInitImages() => string.Join(", ", ParameterSetName is ModelLiteralPathSet or SessionLiteralPathSet
        ? LiteralPath
        : InitImage.Select(source => source.Path ?? "an image object"));

    /// <summary>
    /// The error as the console shows it, starting with the file or row it was about (unless the message names it
    /// already) and <paramref name="detail"/>: in a batch of hundreds, an error that does not say which file it was
    /// about cannot be acted on.
    /// </summary>
    private static ErrorRecord Naming(ErrorRecord error, string item, string detail = "")
    {
        if (item.Length > 0 && !error.Exception.Message.Contains(item, StringComparison.Ordinal))
            error.ErrorDetails = new ErrorDetails($"'{item}'{detail}: {error.Exception.Message}");
        return error;
    }

    /// <summary>The ways one render fails without stopping the batch, each with its stable id; anything else is a bug.</summary>
    private static ErrorRecord? RenderError(Exception e, DiffusionModel model, Img2ImgRequest request) => e switch
    {
        ModelRunException run => new(e, "ModelRunFailed", ErrorCategory.InvalidResult, run.Path),
        PromptSyntaxException syntax => new(e, "PromptSyntaxInvalid", ErrorCategory.SyntaxError, syntax.Text),
        InitImageSizeException => new(e, "InitImageSizeInvalid", ErrorCategory.InvalidData, (object?)request.SourcePath ?? request.InitImage),
        // A value this model's schedule cannot honour (1000 steps with leading spacing ask for timestep 1000).
        RenderSettingException setting => new(e, "RenderParameterInvalid", ErrorCategory.InvalidArgument, ParameterOf(setting.Setting)),
        ObjectDisposedException => new(e, "SessionClosed", ErrorCategory.ResourceUnavailable, model.Path),
        _ => null,
    };

    /// <summary>Writes a render's image, warning first when it may not repeat -Metadata's record.</summary>
    protected void WriteImage(DiffusionImage image, string? typeName = null)
    {
        if (_reRenderCheck?.WarningFor(image) is { } warning) WriteWarning(warning);
        var wrapped = PSObject.AsPSObject(image);
        if (typeName is not null) wrapped.TypeNames.Insert(0, typeName);
        WriteObject(wrapped);
    }
}

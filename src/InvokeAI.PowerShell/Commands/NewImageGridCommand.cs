using System.Management.Automation;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Collects the images of the pipeline and lays them out as one captioned picture: a strength sweep, a seed
/// series, or a render's latent steps.
/// </summary>
[Cmdlet(VerbsCommon.New, "ImageGrid")]
[OutputType(typeof(DiffusionImage))]
public sealed class NewImageGridCommand : PSCmdlet
{
    private readonly List<DiffusionImage> _images = [];

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public DiffusionImage[] InputObject { get; set; } = [];

    [Parameter]
    [ValidateRange(1, 1000)]
    public int Columns { get; set; }

    [Parameter]
    [ValidateRange(8, 8192)]
    public int CellWidth { get; set; }

    [Parameter]
    [ValidateRange(8, 8192)]
    public int CellHeight { get; set; }

    /// <summary>Image properties to caption each cell with; an empty list for no captions.</summary>
    [Parameter]
    [AllowEmptyCollection]
    [ArgumentCompleter(typeof(CaptionPropertyCompleter))]
    public string[]? Caption { get; set; }

    [Parameter]
    [ValidateRange(0, 256)]
    public int Spacing { get; set; } = 4;

    protected override void BeginProcessing()
    {
        foreach (string name in Caption ?? [])
        {
            if (!ImageCaption.PropertyNames.Contains(name, StringComparer.OrdinalIgnoreCase))
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"'{name}' is not an image property. Caption with any of: {string.Join(", ", ImageCaption.PropertyNames)}.", nameof(Caption)),
                    "UnknownCaptionProperty", ErrorCategory.InvalidArgument, name));
        }
    }

    protected override void ProcessRecord() => _images.AddRange(InputObject);

    protected override void EndProcessing()
    {
        if (_images.Count == 0) return;
        var options = new ImageGridOptions
        {
            Columns = Columns > 0 ? Columns : null,
            CellWidth = CellWidth > 0 ? CellWidth : null,
            CellHeight = CellHeight > 0 ? CellHeight : null,
            Captions = Caption,
            Spacing = Spacing,
        };
        try
        {
            WriteObject(ImageGrid.Compose(_images, options));
        }
        catch (ArgumentOutOfRangeException e)
        {
            WriteError(new ErrorRecord(e, "ImageGridTooLarge", ErrorCategory.LimitsExceeded, _images.Count));
        }
    }
}

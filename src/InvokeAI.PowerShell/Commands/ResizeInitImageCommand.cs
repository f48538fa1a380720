using System.Management.Automation;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Sizes init images for img2img: stretched to -Width × -Height, fitted inside it (InvokeAI's --fit) or fitted and
/// padded to it, sides rounded down to -Multiple. Takes files or image objects and writes image objects, one per
/// input, so it sits between Get-ChildItem and Invoke-Img2Img.
/// </summary>
[Cmdlet(VerbsCommon.Resize, "InitImage", DefaultParameterSetName = PathSet)]
[OutputType(typeof(DiffusionImage))]
public sealed class ResizeInitImageCommand : ImageFileCmdlet
{
    private const string ImageSet = "InputObject";

    /// <summary>The InvokeAI guide: Stable Diffusion 1.x was trained at 512×512 and img2img works poorly below it.</summary>
    private const int SmallestGoodSide = 512;

    [Parameter(Mandatory = true, ParameterSetName = ImageSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public DiffusionImage InputObject { get; set; } = null!;

    [Parameter(Mandatory = true)]
    [ValidateRange(8, 8192)]
    public int Width { get; set; }

    [Parameter(Mandatory = true)]
    [ValidateRange(8, 8192)]
    public int Height { get; set; }

    [Parameter]
    public SwitchParameter Fit { get; set; }

    /// <summary>Implies -Fit: the image is fitted first, then centred on a canvas of exactly the target size.</summary>
    [Parameter]
    public SwitchParameter Pad { get; set; }

    [Parameter]
    [ValidateSet("64", "8")]
    public int Multiple { get; set; } = 64;

    [Parameter]
    public SwitchParameter AllowUpscale { get; set; }

    private ResizeMode Mode => Pad ? ResizeMode.Pad : Fit ? ResizeMode.Fit : ResizeMode.Stretch;

    protected override void BeginProcessing()
    {
        // A target that rounds down to nothing fails for every input: stop before reading any.
        try
        {
            ImageFitting.RoundTarget(Width, Height, Multiple);
        }
        catch (ArgumentOutOfRangeException)
        {
            string side = Width < Multiple ? nameof(Width) : nameof(Height);
            int value = side == nameof(Width) ? Width : Height;
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-{side} {value} is smaller than -Multiple {Multiple}: sides are rounded down to a multiple of {Multiple}, which would leave nothing."),
                "TargetSmallerThanMultiple", ErrorCategory.InvalidArgument, value));
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ImageSet)
        {
            Resize(InputObject.Pixels, InputObject.SourcePath, InputObject);
            return;
        }
        foreach (var (image, path) in ReadImageFiles())
            Resize(image, path, path);
    }

    private void Resize(RgbaImage image, string? sourcePath, object errorTarget)
    {
        string name = sourcePath is null ? "The image" : $"'{System.IO.Path.GetFileName(sourcePath)}'";
        FittedImage fitted;
        try
        {
            fitted = ImageFitting.Resize(image, Width, Height, Mode, Multiple, AllowUpscale);
        }
        catch (ArgumentOutOfRangeException e)
        {
            WriteError(new ErrorRecord(new ArgumentOutOfRangeException(null, $"{name} cannot be resized: {e.Message}"), "ImageTooSmall",
                ErrorCategory.InvalidData, errorTarget));
            return;
        }
        var result = fitted.Image;
        WriteVerbose($"{name}: {image.Width}×{image.Height} → {result.Width}×{result.Height} ({Mode}, multiples of {Multiple}).");
        ReportSmallResult(name, fitted);
        // Render properties describe the pixels that were rendered; these are new pixels, so only the source stays.
        WriteObject(new DiffusionImage { Pixels = result, SourcePath = sourcePath });
    }

    private void ReportSmallResult(string name, FittedImage fitted)
    {
        string notEnlarged = $"It is smaller than {Width}×{Height} and was not enlarged; -AllowUpscale enlarges it.";
        if (Math.Min(fitted.Image.Width, fitted.Image.Height) < SmallestGoodSide)
            WriteWarning($"{name} is {fitted.Image.Width}×{fitted.Image.Height}: img2img works poorly below {SmallestGoodSide} pixels on the short side." +
                         (fitted.WasUpscaleRefused ? $" {notEnlarged}" : string.Empty));
        else if (fitted.WasUpscaleRefused)
            WriteVerbose($"{name} is {fitted.Image.Width}×{fitted.Image.Height}. {notEnlarged}");
    }
}

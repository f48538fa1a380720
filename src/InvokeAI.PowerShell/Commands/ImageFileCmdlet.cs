using System.Management.Automation;
using InvokeAI.Core.Imaging;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Base for cmdlets that read image files: -Path (wildcards) and -LiteralPath (taken as written), as Get-FileHash
/// has them. Files from Get-ChildItem bind to -LiteralPath through their PSPath, so names with brackets work.
/// </summary>
public abstract class ImageFileCmdlet : PSCmdlet
{
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The images of the files this record names; unusable files are reported and skipped.</summary>
    protected IEnumerable<(RgbaImage Image, string Path)> ReadImageFiles()
    {
        var reader = new ImageFileReader(this, ImageFileErrorIds.Image);
        bool literal = ParameterSetName == LiteralPathSet;
        return (literal ? LiteralPath : Path).SelectMany(path => reader.Read(path, literal));
    }

    /// <summary>The files this record names, resolved but not loaded, for cmdlets that read only what a file carries.</summary>
    protected IEnumerable<string> ResolveImageFiles()
    {
        var reader = new ImageFileReader(this, ImageFileErrorIds.Image);
        bool literal = ParameterSetName == LiteralPathSet;
        return (literal ? LiteralPath : Path).SelectMany(path => reader.Resolve(path, literal));
    }
}

using System.Management.Automation;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Loads image files as image objects, so they can be resized, inspected or rendered without reading each file
/// again. Render properties stay empty: nothing rendered these pixels.
/// </summary>
[Cmdlet(VerbsData.Import, "Image", DefaultParameterSetName = PathSet)]
[OutputType(typeof(DiffusionImage))]
public sealed class ImportImageCommand : ImageFileCmdlet
{
    protected override void ProcessRecord()
    {
        foreach (var (image, path) in ReadImageFiles())
            WriteObject(new DiffusionImage { Pixels = image, SourcePath = path });
    }
}

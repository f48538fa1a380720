using System.Management.Automation;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Reads the render parameters image files carry — this module's own record, InvokeAI's sd-metadata or Dream,
/// A1111's parameters, ComfyUI's prompt graph, in that order of preference — as one kind of object, ready for
/// Invoke-Img2Img -Metadata. A file that carries none is a non-terminating ImageMetadataNotFound error, so a
/// pipeline over a folder reports the strays and goes on (or stops, with -ErrorAction Stop).
/// </summary>
[Cmdlet(VerbsCommon.Get, "ImageMetadata", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ImageMetadata))]
public sealed class GetImageMetadataCommand : ImageFileCmdlet
{
    protected override void ProcessRecord()
    {
        var ids = ImageFileErrorIds.Image;
        foreach (string file in ResolveImageFiles())
        {
            ImageMetadata? metadata;
            try
            {
                metadata = ImageMetadataReader.ReadFile(file);
            }
            catch (MetadataVersionException e)
            {
                var refused = new InvalidDataException($"'{file}': {e.Message}", e);
                WriteError(new ErrorRecord(refused, "ImageMetadataVersionUnsupported", ErrorCategory.InvalidData, file));
                continue;
            }
            catch (ImageFileException e)
            {
                WriteError(ImageFileErrors.Record(e, ids, file));
                continue;
            }

            if (metadata is null)
            {
                var missing = new InvalidDataException(
                    $"'{file}' carries no render parameters that Get-ImageMetadata reads (InvokeAI.PowerShell's record, " +
                    "InvokeAI's sd-metadata or Dream, A1111's parameters, ComfyUI's prompt).");
                WriteError(new ErrorRecord(missing, "ImageMetadataNotFound", ErrorCategory.ObjectNotFound, file));
                continue;
            }
            // Where InvokeAI's two chunks disagree, which one was taken: each file's own, as it is about that file.
            foreach (string warning in metadata.Warnings) WriteWarning($"'{file}': {warning}");
            WriteObject(metadata);
        }
    }
}

using System.Management.Automation;
using InvokeAI.Core.Metadata;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Get-ImageMetadata's objects piped into a render: each is refused with its own error that points to -Metadata.
/// </summary>
/// <remarks>
/// Left alone, PowerShell would bind such a record's Path (the rendered file) to -InitImage and its Prompt and Seed
/// by property name, and quietly render on top of the output, which is never what re-rendering a record means: the
/// record's init image is InitImagePath, if any, and its other settings would be lost. Binding it to -Metadata by
/// value instead is not safe: PowerShell converts any object whose properties all exist on ImageMetadata (an
/// Import-Csv row of Path and Prompt) to one, which would capture ordinary job rows.
/// </remarks>
public abstract partial class RenderCmdlet
{
    public const string ImageMetadataPipedId = "ImageMetadataNotAnInitImage";

    /// <summary>True, after writing one non-terminating error per record, when this object's init images are records.</summary>
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
}

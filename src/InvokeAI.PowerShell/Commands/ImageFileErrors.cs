using System.Management.Automation;
using InvokeAI.Core.Imaging;

namespace InvokeAI.PowerShell.Commands;

/// <summary>Reports an <see cref="ImageFileException"/> under the stable id its fault has, with the file as target.</summary>
internal static class ImageFileErrors
{
    public static ErrorRecord Record(ImageFileException e, ImageFileErrorIds ids, string file) => Record(e, e, ids, file);

    /// <param name="shown">The exception the record carries: the caller may have wrapped <paramref name="e"/> in its own words.</param>
    public static ErrorRecord Record(ImageFileException e, Exception shown, ImageFileErrorIds ids, string file)
    {
        var (id, category) = e.Fault switch
        {
            // A file that vanished between the listing and the read is reported as missing, as it always was.
            ImageFileFault.NotFound or ImageFileFault.Io when !File.Exists(file) => (ids.NotFound, ErrorCategory.ObjectNotFound),
            ImageFileFault.NotARegularFile => (ids.NotARegularFile, ErrorCategory.InvalidType),
            ImageFileFault.TooLarge => (ids.TooLarge, ErrorCategory.LimitsExceeded),
            ImageFileFault.Truncated => (ids.Truncated, ErrorCategory.InvalidData),
            _ => (ids.Unreadable, ErrorCategory.InvalidData),
        };
        var record = new ErrorRecord(shown, id, category, file);
        if (e.Fault == ImageFileFault.TooLarge)
            record.ErrorDetails = new ErrorDetails(shown.Message)
            {
                RecommendedAction = $"Shrink the image, or raise the limit for this session: ${ImageLoadLimitsPreference.VariableName} = <pixels>.",
            };
        return record;
    }
}

using System.Management.Automation;
using InvokeAI.Core.Imaging;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Turns one -InitImage value into images: paths go through <see cref="ImageFileReader"/> (resolved against the
/// current PowerShell location, wildcards expanded, problems written as non-terminating errors naming the path),
/// image objects pass through.
/// </summary>
internal static class InitImageReader
{
    public const string ImageMetadataPipedId = "ImageMetadataNotAnInitImage";

    /// <summary>
    /// True, after writing one error per record, when the sources are Get-ImageMetadata records: each is pointed to
    /// -Metadata. Left alone, PowerShell would bind a record's Path (the rendered file) to -InitImage and render on
    /// top of the output; binding records to -Metadata by value is not safe either, since any object whose properties
    /// all exist on ImageMetadata (an Import-Csv row of Path and Prompt) would convert to one.
    /// </summary>
    public static bool RefuseRecords(PSCmdlet cmdlet, IEnumerable<InitImageSource> sources)
    {
        var records = sources.Where(source => source.Metadata is not null).Select(source => source.Metadata!).ToList();
        foreach (var record in records)
        {
            string file = record.Path is null ? "an image" : $"'{record.Path}'";
            string initImage = record.InitImagePath is null ? "<init image>" : "$_.InitImagePath";
            var problem = new ArgumentException(
                $"The {record.Format} metadata of {file} is not an init image. To repeat its render, give it to -Metadata with the init image " +
                $"to start from: Get-ImageMetadata <file> | ForEach-Object {{ {cmdlet.MyInvocation.MyCommand.Name} -Metadata $_ -InitImage {initImage} }}.",
                "InitImage");
            cmdlet.WriteError(new ErrorRecord(problem, ImageMetadataPipedId, ErrorCategory.InvalidArgument, record));
        }
        return records.Count > 0;
    }

    public static IEnumerable<(RgbaImage Image, string? SourcePath)> Read(PSCmdlet cmdlet, InitImageSource source)
    {
        if (source.Image is not null)
            return [(source.Image.Pixels, source.Image.SourcePath)];
        bool literal = source.IsLiteralPath || NamesExistingFile(cmdlet, source.Path!);
        return new ImageFileReader(cmdlet, ImageFileErrorIds.InitImage).Read(source.Path!, literal)
            .Select(file => (file.Image, (string?)file.Path));
    }

    /// <summary>
    /// A wildcard path that is also the exact name of an existing file means that file, and only it. -InitImage
    /// takes the FullName of `Select-Object FullName, Prompt` rows and the paths in CSV cells, which are real file
    /// names (PowerShell cannot send such rows to -LiteralPath; see RenderCmdlet.InitImage): read as patterns,
    /// "sketch[1].png" would silently render "sketch1.png" instead.
    /// </summary>
    private static bool NamesExistingFile(PSCmdlet cmdlet, string path)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(path)) return false;
        try
        {
            string file = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            return provider.Name == "FileSystem" && File.Exists(file);
        }
        catch (Exception e) when (e is ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or NotSupportedException or ProviderInvocationException)
        {
            // Not a path this check can follow: the wildcard resolution reports it.
            return false;
        }
    }
}

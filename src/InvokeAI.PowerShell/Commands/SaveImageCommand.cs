using System.Management.Automation;
using InvokeAI.Core.Imaging;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Writes image objects to PNG files. In a directory, files are named as InvokeAI names them,
/// {counter:000000}.{seed}.png, the counter continuing from what the folder already holds. Never overwrites
/// unless -Force; every write goes to a temporary file first, so a failure leaves nothing half-written.
/// </summary>
[Cmdlet(VerbsData.Save, "Image", SupportsShouldProcess = true, DefaultParameterSetName = DirectorySet)]
[OutputType(typeof(FileInfo))]
public sealed class SaveImageCommand : PSCmdlet
{
    private const string DirectorySet = "Directory";
    private const string PathSet = "Path";

    private readonly Dictionary<string, int> _nextCounter = new(StringComparer.Ordinal);

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public DiffusionImage InputObject { get; set; } = null!;

    [Parameter(ParameterSetName = DirectorySet, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Directory { get; set; } = ".";

    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        string target = ParameterSetName == PathSet
            ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path)
            : NextFileInDirectory(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Directory));

        if (File.Exists(target) && !Force)
        {
            WriteError(new ErrorRecord(new IOException($"'{target}' already exists. Use -Force to overwrite it."),
                "ImageFileExists", ErrorCategory.ResourceExists, target));
            return;
        }
        if (!ShouldProcess(target, $"Save {InputObject.Width}×{InputObject.Height} image")) return;

        try
        {
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            ImageFile.SavePng(InputObject.Pixels, target, overwrite: Force);
        }
        catch (ImageFileException e)
        {
            WriteError(new ErrorRecord(e, "ImageWriteFailed", ErrorCategory.WriteError, target));
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, "ImageWriteFailed", ErrorCategory.WriteError, target));
            return;
        }
        // Through the provider, so the FileInfo carries PSPath and friends and formats like Get-Item's output.
        if (PassThru) WriteObject(SessionState.InvokeProvider.Item.Get([target], force: false, literalPath: true), enumerateCollection: true);
    }

    /// <summary>
    /// InvokeAI's naming. The folder is scanned once per directory for the highest counter; later images in the
    /// same call count on from there (with -WhatIf too, so the names shown are the names that would be written).
    /// </summary>
    private string NextFileInDirectory(string directory)
    {
        if (!_nextCounter.TryGetValue(directory, out int counter))
            counter = InvokeAIFileNames.HighestCounter(directory) + 1;
        string file;
        do
        {
            file = System.IO.Path.Combine(directory, InvokeAIFileNames.Format(counter++, InputObject.Seed));
        } while (File.Exists(file));
        _nextCounter[directory] = counter;
        return file;
    }
}

using System.Management.Automation;
using InvokeAI.Core.Imaging.Naming;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Writes image objects to PNG, JPEG or WebP files (by extension). In a directory, files are named as InvokeAI
/// names them, {counter:000000}.{seed}.png, the counter continuing from what the folder already holds; -Path
/// names a file or a template filled from each image, which can never reach outside -Directory. Never
/// overwrites unless -Force; every write goes to a temporary file first, so a failure leaves nothing half-written.
/// Rendered images carry their parameters in the file (see <see cref="RenderMetadata"/>), so Get-ImageMetadata and
/// Invoke-Img2Img -Metadata can repeat them.
/// </summary>
[Cmdlet(VerbsData.Save, "Image", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class SaveImageCommand : PSCmdlet
{
    private ImageFileNamer _namer = null!;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public DiffusionImage InputObject { get; set; } = null!;

    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Directory { get; set; } = ".";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        // Resolved once, so a pipeline that changes location midway still saves where the call began.
        string directory = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Directory);
        RefuseFileAsFolder(directory, nameof(Directory));
        if (!MyInvocation.BoundParameters.ContainsKey(nameof(Path)))
        {
            _namer = ImageFileNamer.InvokeAI(directory);
            return;
        }

        ImagePathTemplate template;
        try
        {
            template = ImagePathTemplate.Parse(Path);
        }
        catch (ImagePathTemplateException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "ImagePathTemplateInvalid", ErrorCategory.InvalidArgument, Path));
            return;
        }

        if (MyInvocation.BoundParameters.ContainsKey(nameof(Directory)))
        {
            string start = System.IO.Path.Combine(directory, template.FixedDirectory);
            RefuseFileAsFolder(start, nameof(Path));
            _namer = ImageFileNamer.FromTemplate(template, start, boundary: directory);
        }
        else
        {
            // Without -Directory the template's own fixed folder is the one it may not leave; resolving it through
            // PowerShell lets it use ~ and drives like any path.
            string start = SessionState.Path.GetUnresolvedProviderPathFromPSPath(template.FixedDirectory.Length == 0 ? "." : template.FixedDirectory);
            RefuseFileAsFolder(start, nameof(Path));
            _namer = ImageFileNamer.FromTemplate(template, start, boundary: start);
        }
    }

    /// <summary>
    /// A folder to save into that is in fact a file, or lies under one, fails for every image alike: it is a bad
    /// parameter, reported once before any image rather than once per image. Folders that do not exist yet are fine.
    /// </summary>
    private void RefuseFileAsFolder(string folder, string parameter)
    {
        for (string? path = folder; !string.IsNullOrEmpty(path); path = System.IO.Path.GetDirectoryName(path))
        {
            if (System.IO.Directory.Exists(path)) return;
            if (File.Exists(path))
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"'{path}' is a file, so images cannot be saved in it: give -{parameter} a folder (it is created if missing)."),
                    "DirectoryIsAFile", ErrorCategory.InvalidArgument, path));
        }
    }

    protected override void ProcessRecord()
    {
        string target;
        try
        {
            target = _namer.NextPath(InputObject);
        }
        catch (ImagePathOutsideDirectoryException e)
        {
            WriteError(new ErrorRecord(e, "ImagePathOutsideDirectory", ErrorCategory.InvalidArgument, e.Path));
            return;
        }
        catch (ImagePathValueMissingException e)
        {
            WriteError(new ErrorRecord(e, "ImagePathValueMissing", ErrorCategory.InvalidData, InputObject));
            return;
        }

        if (ImageFileFormats.FromPath(target) is not { } format)
        {
            string formats = string.Join(", ", ImageFileFormats.SupportedExtensions);
            WriteError(new ErrorRecord(new NotSupportedException($"'{target}': Save-Image writes {formats} files, chosen by the extension."),
                "ImageFormatUnsupported", ErrorCategory.InvalidArgument, target));
            return;
        }
        if (!Force && (File.Exists(target) || _namer.IsClaimed(target)))
        {
            string why = File.Exists(target) ? "already exists" : "is the name of an earlier image of this Save-Image call";
            WriteError(new ErrorRecord(new IOException($"'{target}' {why}. Use -Force to overwrite it."),
                "ImageFileExists", ErrorCategory.ResourceExists, target));
            return;
        }
        // Claimed before ShouldProcess: under -WhatIf later images must still see the names earlier ones took.
        _namer.Claim(target);
        if (!ShouldProcess(target, $"Save {InputObject.Width}×{InputObject.Height} image")) return;

        try
        {
            ImageFile.Save(InputObject.Pixels, target, format, overwrite: Force, text: RenderMetadata.For(InputObject));
        }
        catch (ImageFileException e)
        {
            WriteError(new ErrorRecord(e, "ImageWriteFailed", ErrorCategory.WriteError, target));
            return;
        }
        // Through the provider, so the FileInfo carries PSPath and friends and formats like Get-Item's output;
        // force, because a name starting with a dot (a {prompt} of "..") is a hidden file on Unix.
        if (PassThru) WriteObject(SessionState.InvokeProvider.Item.Get([target], force: true, literalPath: true), enumerateCollection: true);
    }
}

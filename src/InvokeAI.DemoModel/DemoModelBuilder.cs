using Google.Protobuf;
using InvokeAI.DemoModel.Files;
using InvokeAI.DemoModel.Graphs;

namespace InvokeAI.DemoModel;

/// <summary>
/// Writes the built-in demo model: a folder laid out like a diffusers ONNX export of Stable Diffusion 1.x, with
/// hand-made graphs of a few kilobytes (plus a colour lookup table) instead of gigabytes of weights. img2img with
/// it runs real ONNX Runtime inference and visibly recolours the input toward the prompt's colour words.
/// </summary>
public static class DemoModelBuilder
{
    /// <summary>Bump when any graph or file changes, so cached folders of an older build get rebuilt.</summary>
    public const string Version = "2";

    private static readonly DemoModelOptions DefaultOptions = new();

    /// <summary>
    /// Builds the demo model into <paramref name="folder"/>, or does nothing when it already holds this version.
    /// The files are written into a sibling folder first and moved into place, so a reader never sees half a
    /// model and concurrent builders do not corrupt each other. An older demo folder is replaced; a folder that
    /// holds anything else is left alone and reported.
    /// </summary>
    public static void Build(string folder) => Build(folder, DefaultOptions);

    /// <summary>
    /// Builds the variant of the demo model that <paramref name="options"/> describe, as <see cref="Build(string)"/>
    /// does; a demo folder of another variant or version is replaced.
    /// </summary>
    public static void Build(string folder, DemoModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        folder = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var marker = DemoMarker.For(Version, options);
        if (IsCurrent(folder, marker)) return;
        if (Directory.Exists(folder) && !IsReplaceable(folder))
        {
            throw new IOException(
                $"Cannot build the demo model in '{folder}': the folder exists and holds something other than a demo model.");
        }

        string parent = Path.GetDirectoryName(folder)
            ?? throw new ArgumentException($"'{folder}' is a root folder; the demo model needs a folder of its own.", nameof(folder));
        Directory.CreateDirectory(parent);
        string staging = Path.Combine(parent, $".{Path.GetFileName(folder)}.building-{Guid.NewGuid():N}");
        try
        {
            WriteFolder(staging, options, marker);
            MoveIntoPlace(staging, folder, marker);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// True when <paramref name="folder"/> holds every file of the default demo model built by this
    /// <see cref="Version"/>; a folder of another variant is not current.
    /// </summary>
    public static bool IsCurrent(string folder) => IsCurrent(folder, DefaultOptions);

    /// <summary>
    /// True when <paramref name="folder"/> holds every file of the variant <paramref name="options"/> describe, built
    /// by this <see cref="Version"/>.
    /// </summary>
    public static bool IsCurrent(string folder, DemoModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return IsCurrent(folder, DemoMarker.For(Version, options));
    }

    private static bool IsCurrent(string folder, DemoMarker wanted) =>
        DemoModelLayout.AllFiles.All(file => File.Exists(DemoModelLayout.Resolve(folder, file)))
        && DemoMarker.Read(folder) == wanted;

    private static void WriteFolder(string root, DemoModelOptions options, DemoMarker marker)
    {
        string PathOf(string relative)
        {
            string path = DemoModelLayout.Resolve(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return path;
        }

        EmbeddedTokenizer.CopyTo(EmbeddedTokenizer.VocabularyResource, PathOf(DemoModelLayout.Vocabulary));
        EmbeddedTokenizer.CopyTo(EmbeddedTokenizer.MergesResource, PathOf(DemoModelLayout.Merges));
        JsonFile.Write(PathOf(DemoModelLayout.SpecialTokensMap), TokenizerConfigFiles.SpecialTokensMap());
        JsonFile.Write(PathOf(DemoModelLayout.TokenizerConfig), TokenizerConfigFiles.TokenizerConfig());
        JsonFile.Write(PathOf(DemoModelLayout.SchedulerConfig), PipelineConfigFiles.SchedulerConfig());

        WriteModel(PathOf(DemoModelLayout.TextEncoder), TextEncoderGraph.Build(EmbeddedTokenizer.ReadVocabulary(), Version));
        WriteModel(PathOf(DemoModelLayout.Unet), UnetChannelAxis.Declare(
            UnetGraph.Build(DenoiserTuning.Default, options.Timestep, options.Inpainting, options.FixedPromptLength, Version), options.Channels));
        if (UnetChannelFiles.UnetConfig(options) is { } unetConfig) JsonFile.Write(PathOf(DemoModelLayout.UnetConfig), unetConfig);
        WriteModel(PathOf(DemoModelLayout.VaeEncoder), VaeEncoderGraph.Build(Version));
        WriteModel(PathOf(DemoModelLayout.VaeDecoder), VaeDecoderGraph.Build(Version));
        JsonFile.Write(PathOf(DemoModelLayout.VaeEncoderConfig), PipelineConfigFiles.VaeConfig());
        JsonFile.Write(PathOf(DemoModelLayout.VaeDecoderConfig), PipelineConfigFiles.VaeConfig());

        // Last, so that even the staging folder only claims to be a demo model once everything else is there.
        JsonFile.Write(PathOf(DemoModelLayout.ModelIndex), PipelineConfigFiles.ModelIndex(marker, UnetChannelFiles.PipelineClassName(options)));
    }

    private static void WriteModel(string path, IMessage model)
    {
        using var file = File.Create(path);
        model.WriteTo(file);
    }

    /// <summary>
    /// Renames the finished staging folder to the target. A stale demo folder is first renamed aside (a rename is
    /// atomic, a recursive delete is not). If another builder got there first with the same version and variant,
    /// its result stands and this one is discarded.
    /// </summary>
    private static void MoveIntoPlace(string staging, string folder, DemoMarker marker)
    {
        if (IsCurrent(folder, marker)) return;
        string? retired = null;
        if (Directory.Exists(folder))
        {
            retired = Path.Combine(Path.GetDirectoryName(folder)!, $".{Path.GetFileName(folder)}.retired-{Guid.NewGuid():N}");
            Directory.Move(folder, retired);
        }
        try
        {
            Directory.Move(staging, folder);
        }
        catch (IOException) when (IsCurrent(folder, marker))
        {
            // A concurrent build finished first; the staging folder is removed by the caller.
        }
        finally
        {
            if (retired is not null) Directory.Delete(retired, recursive: true);
        }
    }

    /// <summary>An empty folder or a demo model of any version or variant may be overwritten; a user's own folder may not.</summary>
    private static bool IsReplaceable(string folder) =>
        !Directory.EnumerateFileSystemEntries(folder).Any() || DemoMarker.Read(folder) is not null;
}

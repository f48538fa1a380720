using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// What makes a render from the module's own record (Invoke-Img2Img -Metadata) other than the recorded render:
/// another init image, mask or model, inpainting where it did not or not where it did, or a record of an
/// intermediate step. Any of these can give other pixels, which the user must be told rather than find out.
/// Settings a parameter alone decides (prompt, seed, steps, -InvertMask...) are not compared: one given on the
/// command line is a change the user asked for. The init image, mask and model are compared even when given
/// explicitly (-InitImage, -Mask, -Model): they are files whose content the record only knows by hash or folder,
/// so the user learns that this render will not repeat the recorded one.
/// </summary>
public static class ReRenderDifferences
{
    /// <summary>
    /// One clause per fact that differs; empty when the render repeats the recorded one. Of another tool's record only
    /// what it used that is not applied here is told: no other tool's render is repeated pixel for pixel, nor its
    /// init image known by a hash of its pixels.
    /// </summary>
    public static IReadOnlyList<ReRenderDifference> Between(ImageMetadata recorded, DiffusionImage rendered)
    {
        var differences = new List<ReRenderDifference>();
        if (recorded.NotApplied.Count > 0)
            differences.Add(new(ReRenderDifferenceKind.NotApplied,
                $"the recorded render also used {string.Join(", ", recorded.NotApplied)}, which {(recorded.NotApplied.Count == 1 ? "is" : "are")} not applied here"));
        if (recorded.Format != MetadataFormats.InvokeAIPowerShell) return differences;

        if (recorded.Step is int step)
            differences.Add(new(ReRenderDifferenceKind.Step, $"the record is of step {step} of a render, not of the finished image"));
        if (recorded.InitImageHash is { } initHash && rendered.InitImageHash is { } renderedInit
            && !string.Equals(initHash, renderedInit, StringComparison.OrdinalIgnoreCase))
            differences.Add(new(ReRenderDifferenceKind.InitImage,
                $"the init image is not the recorded one (its pixels' hash is {Short(renderedInit)}, the record's {Short(initHash)})"));
        if (recorded.Inpainted is bool wasInpainted && rendered.Inpainted is bool isInpainted && wasInpainted != isInpainted)
            differences.Add(new(ReRenderDifferenceKind.Inpainting, !wasInpainted ? "this render inpainted but the recorded one did not" : recorded.MaskSource switch
            {
                MaskSource.Transparency => "the recorded render inpainted the init image's transparent pixels, this one had none",
                MaskSource.Mask => "the recorded render inpainted with a -Mask, this one had no mask",
                _ => "the recorded render inpainted, this one had no mask",
            }));
        else if (recorded.MaskHash is { } maskHash && rendered.MaskHash is { } renderedMask
                 && !string.Equals(maskHash, renderedMask, StringComparison.OrdinalIgnoreCase))
            differences.Add(new(ReRenderDifferenceKind.Mask,
                $"the mask is not the recorded one (its hash is {Short(renderedMask)}, the record's {Short(maskHash)})"));
        if (recorded.ModelPath is { } recordedModel && rendered.Model is { } model && !FolderPath.Same(recordedModel, model))
            // A copy of the recorded folder may hold the very same files: "may differ", as the warning says.
            differences.Add(new(ReRenderDifferenceKind.Model, $"the model is '{model}', the record's was '{recordedModel}'"));
        return differences;
    }

    /// <summary>Enough of a hash to tell two apart in a message.</summary>
    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}

/// <summary>
/// The warnings of a call that repeats a record (-Metadata): after each finished render, one naming what may keep it
/// from the recorded pixels. Each kind of difference is told once per call: applying one record to a folder of
/// sketches is normal, and a warning per sketch would bury any other. Intermediate steps are not checked.
/// </summary>
public sealed class ReRenderCheck(ImageMetadata recorded)
{
    private readonly HashSet<ReRenderDifferenceKind> _told = [];

    /// <summary>The warning <paramref name="rendered"/> calls for; null when it repeats the record or was told already.</summary>
    public string? WarningFor(DiffusionImage rendered)
    {
        if (rendered.Step is not null) return null;
        var differences = ReRenderDifferences.Between(recorded, rendered).Where(d => _told.Add(d.Kind)).ToList();
        return differences.Count == 0 ? null
            : $"This render does not repeat the one recorded{(recorded.Path is null ? "" : $" in '{recorded.Path}'")}, " +
              $"so its pixels may differ from it: {string.Join("; ", differences)}.";
    }
}

/// <summary>One fact in which a render differs from the recorded one, and the clause that tells the user.</summary>
public sealed record ReRenderDifference(ReRenderDifferenceKind Kind, string Description)
{
    public override string ToString() => Description;
}

/// <summary>
/// Which recorded fact a re-render differs in. A batch re-rendered from one record (a folder of sketches piped to
/// -Metadata) differs in the same way for every image, so it is told once per kind, not once per image.
/// </summary>
public enum ReRenderDifferenceKind
{
    Step,
    InitImage,
    Inpainting,
    Mask,
    Model,
    NotApplied,
}

using System.Text.RegularExpressions;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// One account of a render InvokeAI 1.x or 2.x saved, from its two chunks: the Dream line, the command that made the
/// image, and sd-metadata, which alone names the app's version (and so the rules the image was rendered by), the
/// model and the init image's hash. Where both state a setting and disagree, the command wins, with a warning:
/// lstein's v1.15 wrote "ddim" into sd-metadata for renders its Dream line shows were made with -A k_lms.
/// </summary>
internal static class InvokeAIRecord
{
    public static ImageMetadata? Combine(ImageMetadata? sdMetadata, ImageMetadata? dream)
    {
        if (dream is null) return sdMetadata;
        // A !fix or !mask line says nothing of the render sd-metadata describes.
        if (sdMetadata is null || dream.Kind != RecordKind.Render) return sdMetadata ?? dream;

        var warnings = new List<string>();
        // A Dream line without -V reads as no variations, which is only InvokeAI's habit of leaving it out: here
        // sd-metadata's list, which is always written, says it.
        var fromDream = dream.Settings.Variations is { Count: 0 } ? dream.Settings with { Variations = null } : dream.Settings;
        var fromJson = sdMetadata.Settings;
        foreach (string name in fromDream.StatedNames().Intersect(fromJson.StatedNames()))
        {
            if (name is nameof(RenderSettings.NegativePrompt) or nameof(RenderSettings.PromptSyntax)) continue;
            if (name == nameof(RenderSettings.Prompt) ? SamePrompt(fromDream, fromJson) : RenderSettings.SameValue(fromDream.ValueOf(name), fromJson.ValueOf(name)))
                continue;
            warnings.Add($"InvokeAI's Dream line and sd-metadata disagree on {name}: the Dream line says {Show(fromDream.ValueOf(name))}, " +
                         $"sd-metadata {Show(fromJson.ValueOf(name))}. The Dream line is the command that made the image, so {Show(fromDream.ValueOf(name))} is taken.");
        }

        return sdMetadata with
        {
            Settings = fromDream.Over(fromJson),
            InitImagePath = dream.InitImagePath ?? sdMetadata.InitImagePath,
            InitImageEmbedded = dream.InitImageEmbedded ?? sdMetadata.InitImageEmbedded,
            MaskPath = dream.MaskPath ?? sdMetadata.MaskPath,
            MaskSource = dream.MaskSource ?? sdMetadata.MaskSource,
            SourceText = dream.SourceText + "\n" + sdMetadata.SourceText,
            Warnings = [.. sdMetadata.Warnings, .. dream.Warnings, .. warnings],
        };
    }

    /// <summary>
    /// Whether the two prompts say the same: sd-metadata holds a blend's parts with their weights normalised
    /// ("a:0.25 b:0.75 c" becomes "a:0.125 b:0.375 c:0.5"), so they are compared as InvokeAI reads them.
    /// </summary>
    private static bool SamePrompt(RenderSettings a, RenderSettings b)
    {
        if (a.Prompt == b.Prompt && a.NegativePrompt == b.NegativePrompt) return true;
        try
        {
            return ParsedPrompt.Parse(a.Prompt!, a.NegativePrompt, PromptSyntax.InvokeAI).Describe()
                   == ParsedPrompt.Parse(b.Prompt!, b.NegativePrompt, PromptSyntax.InvokeAI).Describe();
        }
        catch (PromptSyntaxException)
        {
            return false;
        }
    }

    private static string Show(object? value) => value switch
    {
        string text => $"'{text}'",
        System.Collections.IEnumerable list => $"'{string.Join(",", list.Cast<object>())}'",
        _ => $"{value}",
    };
}

/// <summary>
/// Images InvokeAI's web UI embedded in its records as data: URIs (a whole init image, hundreds of kilobytes, inside
/// the Dream line): kept out of the text a record keeps, which only says how much was left out.
/// </summary>
internal static partial class EmbeddedData
{
    public static string WithoutData(string text) => DataUri().Replace(text, match =>
        $"{match.Groups["head"].Value}…({match.Groups["data"].Length} characters left out)");

    [GeneratedRegex(@"(?<head>data:[\w.+/-]*;base64,)(?<data>[A-Za-z0-9+/=]{64,})")]
    private static partial Regex DataUri();
}

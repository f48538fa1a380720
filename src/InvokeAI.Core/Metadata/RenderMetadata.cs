using InvokeAI.Core.Imaging;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// What a saved render carries so that it can be repeated and read by other tools: in a PNG, InvokeAI's Dream and
/// sd-metadata chunks and the module's own record; in a JPEG or WebP, the record as the EXIF user comment.
/// </summary>
public static class RenderMetadata
{
    /// <summary>
    /// Rendered images have at least a prompt and a seed; images loaded from files, or a grid of renders that
    /// disagree on them, have neither and get no metadata rather than an empty account.
    /// </summary>
    public static bool IsRendered(DiffusionImage image) => image.Settings is { Prompt: not null, Seed: not null };

    /// <summary>The text to save with <paramref name="image"/>; null when it was not rendered.</summary>
    public static ImageFileText? For(DiffusionImage image)
    {
        if (!IsRendered(image)) return null;
        string json = RenderRecordJson.Write(image);
        var chunks = new Dictionary<string, string>
        {
            [DreamCommand.Keyword] = DreamCommand.Write(image),
            [SdMetadataJson.Keyword] = SdMetadataJson.Write(image),
            [RenderRecordJson.Keyword] = json,
        };
        return new ImageFileText(chunks, json);
    }
}

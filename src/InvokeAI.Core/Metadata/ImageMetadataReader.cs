using InvokeAI.Core.Imaging;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// Finds the render parameters in the text an image file carries, preferring the most complete account: the
/// module's own record, then InvokeAI 1.x–2.x's sd-metadata and Dream line (read together), then InvokeAI 3+'s
/// invokeai_metadata, then A1111's parameters, then ComfyUI's graph. Text that does not parse as what its keyword promises is passed over, so a damaged chunk never hides a
/// good one.
/// </summary>
public static class ImageMetadataReader
{
    /// <summary>
    /// The parameters of the file at <paramref name="path"/>, or null when it carries none; IO problems are
    /// <see cref="ImageFileException"/>s, a module record newer than this module reads a <see cref="MetadataVersionException"/>.
    /// </summary>
    public static ImageMetadata? ReadFile(string path) => Read(ImageFile.ReadText(path)) is { } metadata ? metadata with { Path = path } : null;

    public static ImageMetadata? Read(ImageFileText text)
    {
        string? Chunk(string keyword) => text.Chunks.GetValueOrDefault(keyword);

        return FromRecord(Chunk(RenderRecordJson.Keyword))
               ?? FromRecord(text.Comment)
               ?? InvokeAIRecord.Combine(Parse(Chunk(SdMetadataJson.Keyword), SdMetadataJson.Parse), Parse(Chunk(DreamCommand.Keyword), DreamCommand.Parse))
               ?? Parse(Chunk(InvokeAIMetadataJson.Keyword), InvokeAIMetadataJson.Parse)
               ?? Parse(Chunk(A1111Parameters.Keyword), A1111Parameters.Parse)
               ?? Parse(text.Comment, A1111Parameters.Parse)
               ?? Parse(Chunk(ComfyUIPrompt.Keyword), ComfyUIPrompt.Parse);
    }

    private static ImageMetadata? FromRecord(string? json) => json is null ? null : RenderRecordJson.TryRead(json);

    private static ImageMetadata? Parse(string? text, Func<string, ImageMetadata?> parse) =>
        string.IsNullOrWhiteSpace(text) ? null : parse(text);
}

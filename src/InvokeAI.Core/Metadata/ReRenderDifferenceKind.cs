namespace InvokeAI.Core.Metadata;

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
}

using InvokeAI.Core.Imaging;

namespace InvokeAI.Core.Pipelines;

/// <summary>One img2img render: its settings and the images it starts from. The model is given beside it.</summary>
public sealed record Img2ImgRequest
{
    /// <summary>What to render; settings not stated take <see cref="RenderSettings.Defaults"/>, a missing seed a random one.</summary>
    public required RenderSettings Settings { get; init; }
    public required RgbaImage InitImage { get; init; }
    /// <summary>Where the init image came from, recorded on the result (null for in-memory images).</summary>
    public string? SourcePath { get; init; }
    /// <summary>
    /// An explicit inpainting mask, white = repaint (luminance, so grey repaints partly); null uses the init image's
    /// transparency (transparent = repaint). Resized to the render size.
    /// </summary>
    public RgbaImage? Mask { get; init; }
    /// <summary>The file <see cref="Mask"/> came from, recorded on the result so a re-render can read it again (null for an image object).</summary>
    public string? MaskPath { get; init; }
    /// <summary>
    /// Give ONNX Runtime's working memory back to the system after the render, and on a GPU run classifier-free
    /// guidance's two halves as two UNet calls instead of one batch of two (the CPU always does: the UNet's attention,
    /// most of a render's peak memory, is then held for one image at a time). The pixels are the same. Not a render
    /// setting: it changes how, not what.
    /// </summary>
    public bool LowMemory { get; init; }
}

using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Models;

/// <summary>The VAE decoder: a scaled latent back to pixels in about [-1, 1], one image at a time.</summary>
internal sealed class VaeDecoder
{
    private readonly OnnxSubModel _model;
    private readonly TensorElementType _inputType;
    private readonly float _scale;

    private readonly bool _sdxl;

    /// <param name="sdxl">The model is SDXL, whose original VAE is known to overflow float16.</param>
    public VaeDecoder(OnnxSubModel model, float scale, bool sdxl = false)
    {
        _model = model;
        _scale = scale;
        _sdxl = sdxl;
        model.RequireInput("latent_sample", [4], TensorElementType.Float, TensorElementType.Float16);
        model.RequireOutput(["sample"], [4], TensorElementType.Float, TensorElementType.Float16);
        _inputType = model.Input("latent_sample").ElementDataType;
    }

    /// <summary>
    /// What cures a decoder whose output is NaN or infinite. fp16 overflow is the usual cause: SDXL's original VAE
    /// overflows float16 in its last layers on every image, for which madebyollin retrained sdxl-vae-fp16-fix; other
    /// VAEs only on extreme latents, where an fp32 decoder is the cure.
    /// </summary>
    internal static string? OverflowCure(TensorElementType inputType, bool sdxl) => inputType != TensorElementType.Float16 ? null
        : sdxl ? "SDXL's original VAE overflows float16: use an fp32 VAE decoder, or one exported from madebyollin's sdxl-vae-fp16-fix, " +
                 "which was retrained to stay within fp16."
        : "This fp16 VAE decoder overflowed float16 (its latent went beyond what float16 holds): use an fp32 VAE decoder.";

    /// <summary>Decodes a [1, 4, h, w] latent; returns the [1, 3, H, W] pixels and their size.</summary>
    /// <param name="releaseMemory">Shrink the CPU arena after the run (see <see cref="OnnxSubModel.Run"/>).</param>
    public (float[] Pixels, int Width, int Height) Decode(float[] latent, int latentWidth, int latentHeight, CancellationToken cancel,
        bool releaseMemory = false)
    {
        var unscaled = new float[latent.Length];
        for (int i = 0; i < latent.Length; i++) unscaled[i] = latent[i] / _scale;
        var input = TensorValues.FromFloats(unscaled, [1, 4, latentHeight, latentWidth], _inputType);
        var (data, shape) = _model.Run([("latent_sample", input)], ["sample"], cancel, releaseMemory)[0];
        ModelRunException.ThrowIfNotFinite(data, _model, OverflowCure(_inputType, _sdxl));
        return (data, checked((int)shape[3]), checked((int)shape[2]));
    }

    /// <summary>
    /// Decodes a [1, 4, h, w] latent tile by tile (<see cref="VaeTiling"/>): each overlapping tile on its own, blended
    /// across the overlaps. Memory follows the tile's size, not the image's; a latent that fits one tile is decoded whole.
    /// </summary>
    public (float[] Pixels, int Width, int Height) DecodeTiled(float[] latent, int latentWidth, int latentHeight, VaeTileSize tiles,
        CancellationToken cancel, bool releaseMemory = false)
    {
        const int f = VaeTiling.Factor;
        float[] pixels = VaeTiling.Blend(latentWidth, latentHeight, tiles, channels: 3, scale: f, (x, y) =>
        {
            cancel.ThrowIfCancellationRequested();
            var (tile, width, height) = Decode(VaeTiling.Crop(latent, 4, latentWidth, latentHeight, x, y, 1), x.Length, y.Length, cancel, releaseMemory);
            if (width != x.Length * f || height != y.Length * f)
                throw new ModelRunException(_model.FilePath,
                    $"The VAE decoder '{_model.FilePath}' returned a {width}×{height} image for a {x.Length}×{y.Length} latent; " +
                    $"{x.Length * f}×{y.Length * f} was expected.");
            return tile;
        });
        return (pixels, latentWidth * f, latentHeight * f);
    }

    /// <summary><see cref="DecodeTiled"/> with the default tiles when <paramref name="tiled"/> (else the whole latent at once).</summary>
    public (float[] Pixels, int Width, int Height) Decode(float[] latent, int latentWidth, int latentHeight, bool tiled, CancellationToken cancel,
        bool releaseMemory = false) =>
        tiled ? DecodeTiled(latent, latentWidth, latentHeight, VaeTileSize.Default, cancel, releaseMemory)
              : Decode(latent, latentWidth, latentHeight, cancel, releaseMemory);
}

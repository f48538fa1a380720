using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Models;

/// <summary>The VAE decoder: a scaled latent back to pixels in about [-1, 1], one image at a time.</summary>
internal sealed class VaeDecoder
{
    private readonly OnnxSubModel _model;
    private readonly TensorElementType _inputType;
    private readonly float _scale;

    public VaeDecoder(OnnxSubModel model, float scale)
    {
        _model = model;
        _scale = scale;
        model.RequireInput("latent_sample", [4], TensorElementType.Float, TensorElementType.Float16);
        model.RequireOutput(["sample"], [4], TensorElementType.Float, TensorElementType.Float16);
        _inputType = model.Input("latent_sample").ElementDataType;
    }

    /// <summary>
    /// The usual cause of a NaN image: SDXL's VAE overflows float16 in its last layers (every fp16 export of it does),
    /// and SD 1.x/2.x VAEs can on extreme latents.
    /// </summary>
    private const string Fp16Cure = "This fp16 VAE decoder overflowed float16 (SDXL's original VAE always does): use an fp32 VAE decoder, " +
                                    "or one exported from madebyollin's sdxl-vae-fp16-fix, which was retrained to stay within fp16.";

    /// <summary>Decodes a [1, 4, h, w] latent; returns the [1, 3, H, W] pixels and their size.</summary>
    public (float[] Pixels, int Width, int Height) Decode(float[] latent, int latentWidth, int latentHeight, CancellationToken cancel)
    {
        var unscaled = new float[latent.Length];
        for (int i = 0; i < latent.Length; i++) unscaled[i] = latent[i] / _scale;
        var input = TensorValues.FromFloats(unscaled, [1, 4, latentHeight, latentWidth], _inputType);
        var (data, shape) = _model.Run([("latent_sample", input)], ["sample"], cancel)[0];
        ModelRunException.ThrowIfNotFinite(data, _model, _inputType == TensorElementType.Float16 ? Fp16Cure : null);
        return (data, checked((int)shape[3]), checked((int)shape[2]));
    }
}

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Models;

/// <summary>
/// The VAE encoder: pixels in [-1, 1] to a scaled latent, either the posterior's mean or a sample of it drawn with
/// noise the caller gives (from the render's seed). Exports differ in what they return, see <see cref="PosteriorOutput"/>:
/// the mean and log-variance (<c>latent_parameters</c>), from which the sample is computed here, or a latent sampled
/// inside the graph (<c>latent_sample</c>), whose random node was replaced at load by an input the noise is fed to.
/// </summary>
internal sealed class VaeEncoder
{
    /// <summary>diffusers' DiagonalGaussianDistribution clamps the log-variance so exp stays finite and non-zero.</summary>
    private const float MinLogVariance = -30f, MaxLogVariance = 20f;

    private readonly OnnxSubModel _model;
    private readonly string _outputName;
    private readonly TensorElementType _inputType;
    /// <summary>The element type of the replaced draw's input; null when the graph has none.</summary>
    private readonly TensorElementType? _noiseInputType;
    private readonly float _scale;

    public PosteriorOutput Posterior { get; }

    /// <summary>Why the graph's random node could not be replaced (<see cref="PosteriorOutput.SampledUnseeded"/>).</summary>
    public string? UnseededReason { get; }

    public VaeEncoder(VaeEncoderSession.Opened opened, float scale)
    {
        _model = opened.Model;
        _scale = scale;
        _model.RequireInput("sample", [4], TensorElementType.Float, TensorElementType.Float16);
        _outputName = _model.RequireOutput(["latent_sample", "latent_parameters"], [4], TensorElementType.Float, TensorElementType.Float16);
        _inputType = _model.Input("sample").ElementDataType;
        if (opened.Draw == InGraphDraw.ReplacedByInput)
        {
            _model.RequireInput(PosteriorNoiseInputRewrite.InputName, [4], TensorElementType.Float, TensorElementType.Float16);
            _noiseInputType = _model.Input(PosteriorNoiseInputRewrite.InputName).ElementDataType;
        }
        Posterior = (_outputName, opened.Draw) switch
        {
            ("latent_parameters", _) => PosteriorOutput.LatentParameters,
            (_, InGraphDraw.ReplacedByInput) => PosteriorOutput.SampledInGraph,
            (_, InGraphDraw.Unseeded) => PosteriorOutput.SampledUnseeded,
            _ => PosteriorOutput.Deterministic,
        };
        if (Posterior == PosteriorOutput.SampledUnseeded) UnseededReason = opened.ReplacementProblem;
    }

    /// <summary>
    /// Encodes a [1, 3, H, W] image to a [1, 4, H/8, W/8] latent, multiplied by the latent scale: the posterior's mean
    /// when <paramref name="posteriorNoise"/> is null, else mean + std·ε with ε the given standard-normal values
    /// (4·(H/8)·(W/8) of them, in the latent's layout).
    /// </summary>
    /// <remarks>
    /// An encoder whose random node could not be replaced returns its own unseeded draw either way (the load warned
    /// that its renders are not reproducible).
    /// </remarks>
    /// <exception cref="InvalidOperationException">
    /// Noise is given to an encoder with no posterior to sample (<see cref="PosteriorOutput.Deterministic"/>): it would
    /// be silently ignored, and a sample asked for is not what the render would get.
    /// </exception>
    public float[] Encode(float[] pixels, int width, int height, float[]? posteriorNoise, CancellationToken cancel)
    {
        int latentPlane = (width / 8) * (height / 8);
        if (posteriorNoise is not null)
        {
            if (Posterior == PosteriorOutput.Deterministic)
                throw new InvalidOperationException(
                    $"The VAE encoder '{_model.FilePath}' computes its latent without a random draw: there is no posterior " +
                    "to sample, only the one latent it returns.");
            if (posteriorNoise.Length != 4 * latentPlane)
                throw new ArgumentException(
                    $"The posterior noise has {posteriorNoise.Length} values; a {width}×{height} image needs {4 * latentPlane}.",
                    nameof(posteriorNoise));
        }

        var inputs = new List<(string Name, OrtValue Value)>
        {
            ("sample", TensorValues.FromFloats(pixels, [1, 3, height, width], _inputType)),
        };
        if (_noiseInputType is { } noiseType)
        {
            // Zeros make the in-graph sample mean + std·0: the mean itself. A latent_parameters graph that also
            // had a draw replaced gets zeros too: its sample is computed below.
            float[] fed = Posterior == PosteriorOutput.SampledInGraph && posteriorNoise is not null
                ? posteriorNoise
                : new float[4 * latentPlane];
            inputs.Add((PosteriorNoiseInputRewrite.InputName, TensorValues.FromFloats(fed, [1, 4, height / 8, width / 8], noiseType)));
        }
        var (data, shape) = _model.Run(inputs, [_outputName], cancel)[0];
        ModelRunException.ThrowIfNotFinite(data, _model);
        int outputPlane = checked((int)(shape[2] * shape[3]));

        var latent = new float[4 * outputPlane];
        if (Posterior == PosteriorOutput.LatentParameters && posteriorNoise is not null)
        {
            if (outputPlane != latentPlane)
                throw new ModelRunException(_model.FilePath,
                    $"The VAE encoder '{_model.FilePath}' returned a {shape[3]}×{shape[2]} latent for a {width}×{height} image; " +
                    $"{width / 8}×{height / 8} was expected.");
            // latent_parameters holds mean ‖ log-variance on the channel axis: channels 0-3, then 4-7.
            for (int i = 0; i < latent.Length; i++)
            {
                float logVariance = Math.Clamp(data[latent.Length + i], MinLogVariance, MaxLogVariance);
                float std = MathF.Exp(0.5f * logVariance);
                latent[i] = (data[i] + std * posteriorNoise[i]) * _scale;
            }
        }
        else
        {
            // The first four channels: the whole latent_sample, or latent_parameters' mean.
            for (int i = 0; i < latent.Length; i++) latent[i] = data[i] * _scale;
        }
        return latent;
    }

    /// <summary>
    /// <see cref="Encode"/> tile by tile (<see cref="VaeTiling"/>): each overlapping tile of the image on its own, the
    /// latents blended across the overlaps. The posterior noise, in the latent's layout, is cut into the same tiles, so
    /// each tile's sample uses the ε of its own cells.
    /// </summary>
    public float[] EncodeTiled(float[] pixels, int width, int height, float[]? posteriorNoise, VaeTileSize tiles, CancellationToken cancel)
    {
        const int f = VaeTiling.Factor;
        int latentWidth = width / f, latentHeight = height / f;
        if (posteriorNoise is not null && posteriorNoise.Length != 4 * latentWidth * latentHeight)
            throw new ArgumentException(
                $"The posterior noise has {posteriorNoise.Length} values; a {width}×{height} image needs {4 * latentWidth * latentHeight}.",
                nameof(posteriorNoise));
        return VaeTiling.Blend(latentWidth, latentHeight, tiles, channels: 4, scale: 1, (x, y) =>
        {
            cancel.ThrowIfCancellationRequested();
            float[] tile = VaeTiling.Crop(pixels, 3, width, height, x, y, f);
            float[]? noise = posteriorNoise is null ? null : VaeTiling.Crop(posteriorNoise, 4, latentWidth, latentHeight, x, y, 1);
            return Encode(tile, x.Length * f, y.Length * f, noise, cancel);
        });
    }

    /// <summary><see cref="EncodeTiled"/> with the default tiles when <paramref name="tiled"/> (else the whole image at once).</summary>
    public float[] Encode(float[] pixels, int width, int height, float[]? posteriorNoise, bool tiled, CancellationToken cancel) =>
        tiled ? EncodeTiled(pixels, width, height, posteriorNoise, VaeTileSize.Default, cancel) : Encode(pixels, width, height, posteriorNoise, cancel);
}

using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Models;

/// <summary>
/// The VAE encoder: pixels in [-1, 1] to a scaled latent. Exports differ in what they return: a latent already
/// sampled inside the graph (<c>latent_sample</c>) or the posterior's mean and log-variance
/// (<c>latent_parameters</c>), of which the mean is taken so the result is deterministic.
/// </summary>
internal sealed class VaeEncoder
{
    private readonly OnnxSubModel _model;
    private readonly string _outputName;
    private readonly TensorElementType _inputType;
    private readonly float _scale;

    /// <summary>True when the graph samples its latent with an unseeded random node (renders not reproducible).</summary>
    public bool SamplesRandomly { get; }

    public VaeEncoder(OnnxSubModel model, float scale)
    {
        _model = model;
        _scale = scale;
        model.RequireInput("sample", [4], TensorElementType.Float, TensorElementType.Float16);
        _outputName = model.RequireOutput(["latent_sample", "latent_parameters"], [4], TensorElementType.Float, TensorElementType.Float16);
        _inputType = model.Input("sample").ElementDataType;
        SamplesRandomly = _outputName == "latent_sample" && HasRandomNormalNode(model.FilePath);
    }

    /// <summary>
    /// Whether a node of the graph is a RandomNormalLike, the unseeded draw a torch export samples the posterior
    /// with. Only a node's operator counts: the name appearing as a node's or value's name or in a doc string
    /// does not.
    /// </summary>
    private static bool HasRandomNormalNode(string onnxPath)
    {
        try
        {
            return OnnxGraphOutline.Read(onnxPath).Nodes.Any(node => node.OpType == "RandomNormalLike");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // ONNX Runtime has read the file already: a second reading that fails costs only this warning, not the model.
            return false;
        }
    }

    /// <summary>Encodes a [1, 3, H, W] image to a [1, 4, H/8, W/8] latent, multiplied by the latent scale.</summary>
    public float[] Encode(float[] pixels, int width, int height, CancellationToken cancel)
    {
        var input = TensorValues.FromFloats(pixels, [1, 3, height, width], _inputType);
        var (data, shape) = _model.Run([("sample", input)], [_outputName], cancel)[0];
        ModelRunException.ThrowIfNotFinite(data, _model);
        int latentPlane = checked((int)(shape[2] * shape[3]));
        // latent_parameters holds mean ‖ log-variance on the channel axis: the first four channels are the mean.
        var latent = new float[4 * latentPlane];
        for (int i = 0; i < latent.Length; i++) latent[i] = data[i] * _scale;
        return latent;
    }
}

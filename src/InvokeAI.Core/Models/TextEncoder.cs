using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Models;

/// <summary>The CLIP text encoder: 77 token ids in, one hidden-state row per token out.</summary>
internal sealed class TextEncoder
{
    private readonly OnnxSubModel _model;
    private readonly TensorElementType _idType;

    public TextEncoder(OnnxSubModel model)
    {
        _model = model;
        // diffusers' conversion script declares int32 ids, optimum int64: accept both.
        model.RequireInput("input_ids", [2], TensorElementType.Int32, TensorElementType.Int64);
        model.RequireOutput(["last_hidden_state"], [3], TensorElementType.Float, TensorElementType.Float16);
        _idType = model.Input("input_ids").ElementDataType;
    }

    /// <summary>Returns [77 × hidden] values; the hidden size is read from the result, never assumed.</summary>
    public (float[] HiddenStates, int HiddenSize) Encode(int[] inputIds, CancellationToken cancel)
    {
        var input = TensorValues.FromInts(inputIds, [1, inputIds.Length], _idType);
        var (data, shape) = _model.Run([("input_ids", input)], ["last_hidden_state"], cancel)[0];
        ModelRunException.ThrowIfNotFinite(data, _model);
        return (data, checked((int)shape[2]));
    }
}

using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Models;

/// <summary>
/// A CLIP text encoder: token ids in, one hidden-state row per token out, and for SDXL's second encoder its pooled,
/// projected embedding. Which hidden states a UNet is conditioned on is the family's convention: SD 1.x/2.x and LCM
/// take <c>last_hidden_state</c> (SD 2's export already ends one layer early), SDXL the penultimate layer's
/// <c>hidden_states.N</c> of both encoders, which optimum exports as numbered outputs (embeddings first).
/// </summary>
internal sealed class TextEncoder
{
    private readonly OnnxSubModel _model;
    private readonly TensorElementType _idType;
    private readonly string _hiddenOutput;
    private readonly string? _pooledOutput;

    /// <param name="penultimate">Take the layer before the last (<c>hidden_states[-2]</c>), as SDXL does.</param>
    /// <param name="pooled">Also return <c>text_embeds</c>, the pooled and projected embedding (SDXL's encoder 2).</param>
    public TextEncoder(OnnxSubModel model, bool penultimate = false, bool pooled = false)
    {
        _model = model;
        // diffusers' conversion script declares int32 ids, optimum int64: accept both.
        model.RequireInput("input_ids", [2], TensorElementType.Int32, TensorElementType.Int64);
        _idType = model.Input("input_ids").ElementDataType;
        _hiddenOutput = penultimate ? PenultimateHiddenStates(model) : "last_hidden_state";
        model.RequireOutput([_hiddenOutput], [3], TensorElementType.Float, TensorElementType.Float16);
        if (pooled)
            // optimum declares text_embeds [batch, sequence_length] although its second axis is the projection width.
            _pooledOutput = model.RequireOutput(["text_embeds"], [2], TensorElementType.Float, TensorElementType.Float16);
    }

    /// <summary>
    /// <c>hidden_states.{n−2}</c> of an export with outputs <c>hidden_states.0</c> … <c>hidden_states.{n−1}</c>:
    /// the output of the second-to-last layer, not final-normed.
    /// </summary>
    private static string PenultimateHiddenStates(OnnxSubModel model)
    {
        const string prefix = "hidden_states.";
        var layers = model.Outputs.Keys
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name => int.TryParse(name.AsSpan(prefix.Length), out int n) ? n : -1)
            .Where(n => n >= 0)
            .OrderBy(n => n)
            .ToList();
        if (layers.Count < 2)
            throw new ModelFolderException(model.FilePath,
                $"The {model.Name} '{model.FilePath}' has no hidden_states.N outputs (it has {string.Join(", ", model.Outputs.Keys)}). " +
                "SDXL takes the penultimate layer's hidden states: export the text encoders with optimum, which outputs them.");
        return prefix + layers[^2];
    }

    /// <summary>Returns [tokens × hidden] values, the hidden size (read from the result, never assumed) and the pooled embedding when asked for.</summary>
    public TextEncoding Encode(int[] inputIds, CancellationToken cancel)
    {
        var input = TensorValues.FromInts(inputIds, [1, inputIds.Length], _idType);
        string[] outputs = _pooledOutput is null ? [_hiddenOutput] : [_hiddenOutput, _pooledOutput];
        var results = _model.Run([("input_ids", input)], outputs, cancel);
        var (hidden, shape) = results[0];
        ModelRunException.ThrowIfNotFinite(hidden, _model);
        float[]? pooled = null;
        if (_pooledOutput is not null)
        {
            pooled = results[1].Data;
            ModelRunException.ThrowIfNotFinite(pooled, _model);
        }
        return new TextEncoding(hidden, checked((int)shape[1]), checked((int)shape[2]), pooled);
    }
}

/// <summary>One prompt through one text encoder: [Tokens × HiddenSize] hidden states and, for SDXL's encoder 2, the pooled embedding.</summary>
internal sealed record TextEncoding(float[] HiddenStates, int Tokens, int HiddenSize, float[]? Pooled);

using InvokeAI.Core.Models;

namespace InvokeAI.Core.Tests.Prompts;

/// <summary>
/// The conditioning a prompt should get, worked out in the test from the text encoders' raw outputs, so the
/// conditioner's own weighting code is not what checks it. States are per encoder, [MaxLength × width] each.
/// </summary>
internal sealed class HandEncoder(DiffusionModel model)
{
    public int Length => model.Tokenizer.MaxLength;

    /// <summary>The word pieces of each text, tokenized apart and laid end to end (as spans are).</summary>
    public int[] Pieces(params string[] texts) => [.. texts.SelectMany(model.Tokenizer.EncodeWithoutSpecialTokens)];

    /// <summary>BOS, the pieces, EOS and padding through each text encoder, with its own tokenizer's padding.</summary>
    public float[][] Raw(IReadOnlyList<int> pieces)
    {
        var first = model.TextEncoder.Encode(model.Tokenizer.Frame(pieces), CancellationToken.None).HiddenStates;
        if (model.TextEncoder2 is null) return [first];
        return [first, model.TextEncoder2.Encode(model.Tokenizer2!.Frame(pieces), CancellationToken.None).HiddenStates];
    }

    /// <summary>Encoder 2's pooled embedding of the chunk (SDXL), or null.</summary>
    public float[]? Pooled(IReadOnlyList<int> pieces) =>
        model.TextEncoder2?.Encode(model.Tokenizer2!.Frame(pieces), CancellationToken.None).Pooled;

    public float[][] Empty() => Raw([]);

    /// <summary>Each input position's weight: 1 for BOS, EOS and padding, the piece's own between.</summary>
    public double[] TokenWeights(IReadOnlyList<double> pieceWeights)
    {
        var weights = Enumerable.Repeat(1.0, Length).ToArray();
        for (int i = 0; i < pieceWeights.Count; i++) weights[i + 1] = pieceWeights[i];
        return weights;
    }

    /// <summary>A1111: rows times their weights, then everything times (sum before ÷ sum after), per encoder.</summary>
    public float[][] ScaledMeanRestored(float[][] raw, IReadOnlyList<double> pieceWeights)
    {
        var weights = TokenWeights(pieceWeights);
        return raw.Select(states =>
        {
            int width = states.Length / Length;
            double before = states.Sum(v => (double)v);
            var scaled = states.Select((v, i) => v * weights[i / width]).ToArray();
            double factor = before / scaled.Sum();
            return scaled.Select(v => (float)(v * factor)).ToArray();
        }).ToArray();
    }

    /// <summary>compel and ComfyUI: empty + (raw − empty)·weight, row by row, against the empty chunk's same row.</summary>
    public float[][] FromEmpty(float[][] raw, IReadOnlyList<double> pieceWeights)
    {
        var weights = TokenWeights(pieceWeights);
        var empty = Empty();
        return raw.Select((states, e) =>
        {
            int width = states.Length / Length;
            return states.Select((v, i) => (float)(empty[e][i] + (v - empty[e][i]) * weights[i / width])).ToArray();
        }).ToArray();
    }

    /// <summary>compel's lean for a weight below 1: tan((1 − w)·π/2).</summary>
    public static double Lean(double weight) => Math.Tan((1 - weight) * Math.PI / 2);

    /// <summary>Σ λ·states ÷ Σ λ, per encoder.</summary>
    public static float[][] Average(params (float[][] States, double Lambda)[] parts)
    {
        double total = parts.Sum(p => p.Lambda);
        return Enumerable.Range(0, parts[0].States.Length).Select(e =>
            Enumerable.Range(0, parts[0].States[e].Length)
                .Select(i => (float)(parts.Sum(p => p.Lambda * p.States[e][i]) / total)).ToArray()).ToArray();
    }

    /// <summary>One chunk as the UNet takes it: each token's rows of every encoder side by side, encoder 1 first.</summary>
    public float[] Join(float[][] perEncoder)
    {
        var joined = new List<float>();
        for (int t = 0; t < Length; t++)
        {
            foreach (var states in perEncoder)
            {
                int width = states.Length / Length;
                joined.AddRange(states.Skip(t * width).Take(width));
            }
        }
        return [.. joined];
    }

    public float[] Join(IReadOnlyList<int> pieces) => Join(Raw(pieces));

    /// <summary>Σ weight·values.</summary>
    public static float[] Sum(params (float[] Values, double Weight)[] parts) =>
        Enumerable.Range(0, parts[0].Values.Length).Select(i => (float)parts.Sum(p => p.Weight * p.Values[i])).ToArray();

    public static float[] Concat(params float[][] blocks) => [.. blocks.SelectMany(b => b)];
}

using InvokeAI.Core.Models;
using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// A parsed prompt made into the hidden states a UNet is conditioned on. Each sub-prompt is split into chunks of 75
/// word pieces; each chunk goes through the text encoder(s) with its start, end and padding tokens and is weighted the
/// way its syntax weights (A1111: scale each token's states, then restore the chunk's mean; ComfyUI: move each token's
/// states away from the empty prompt's by its weight; InvokeAI: that, and for a weight below 1 also lean toward the
/// chunk without those words, by tan((1 − w)·π/2), as compel does). Chunks lie end to end, a blend is the weighted sum
/// of its sub-prompts (the shorter parts padded with the empty prompt's chunk, as compel pads), and prompt and negative
/// of different lengths are each repeated to a common length, which attends exactly as each alone, as every tool has
/// them attend. SDXL's pooled embedding is the first chunk's, unweighted.
/// </summary>
internal sealed class PromptConditioner
{
    private readonly DiffusionModel _model;
    private readonly PromptSyntax _syntax;
    private readonly CancellationToken _cancel;
    private readonly int _length;
    // Chunks a prompt keeps: a fixed token axis's, or a reproduced tool's (then cutting is that tool's rule, not a limit).
    private readonly int? _chunkLimit;
    private readonly bool _limitedByCompatibility;
    private EncodedChunk? _empty;

    private PromptConditioner(DiffusionModel model, PromptSyntax syntax, int? compatibilityLimit, CancellationToken cancel)
    {
        _model = model;
        _syntax = syntax;
        _cancel = cancel;
        _length = model.Tokenizer.MaxLength;
        _chunkLimit = model.FixedPromptLength?.Chunks;
        if (compatibilityLimit < (_chunkLimit ?? int.MaxValue))
        {
            _chunkLimit = compatibilityLimit;
            _limitedByCompatibility = true;
        }
    }

    /// <summary>The prompt's conditioning and, when guided, the negative's, of one length.</summary>
    /// <exception cref="RenderSettingException">A BREAK asks for chunks a UNet with a fixed token axis cannot take.</exception>
    /// <param name="compatibilityLimit">Chunks a tool being reproduced read (InvokeAI 2.x: one); null for all.</param>
    public static (PromptEncoding Prompt, PromptEncoding? Negative) Encode(DiffusionModel model, ParsedPrompt parsed, bool guided,
        IRenderObserver observer, CancellationToken cancel, int? compatibilityLimit = null)
    {
        var conditioner = new PromptConditioner(model, parsed.Syntax, compatibilityLimit, cancel);
        var prompt = conditioner.Encode(parsed.Prompt, "prompt", observer);
        if (!guided) return (prompt, null);

        var negative = !parsed.HasNegative && model.ZerosForEmptyNegativePrompt
            ? null
            : conditioner.Encode(parsed.Negative, "negative prompt", observer);
        negative ??= prompt.Zeros();
        if (negative.Tokens == prompt.Tokens && (model.FixedPromptLength is null || prompt.Tokens == model.FixedPromptLength.Tokens))
            return (prompt, negative);

        // Each attends at its own length in every tool: A1111 (without its "Pad conds" option) runs them apart, ComfyUI
        // repeats both to a common length and InvokeAI masks the padding. Attention over a sequence repeated whole is
        // attention over the sequence, so both are repeated to the least common multiple of their chunks, one batch.
        int length = conditioner._length, promptChunks = prompt.Tokens / length, negativeChunks = negative.Tokens / length;
        int common = model.FixedPromptLength?.Chunks ?? LeastCommonMultiple(promptChunks, negativeChunks);
        if (common / Math.Min(promptChunks, negativeChunks) > RepeatLimit)
        {
            common = Math.Max(promptChunks, negativeChunks);
            observer.Warning($"The prompt ({promptChunks} chunks) and the negative prompt ({negativeChunks}) would need {LeastCommonMultiple(promptChunks, negativeChunks)} " +
                             $"chunks each to attend as they do alone; the shorter is padded with the empty prompt to {common} instead, which changes it slightly.");
            return (conditioner.PadTo(prompt, common * length), conditioner.PadTo(negative, common * length));
        }
        else
            observer.Verbose($"The prompt ({promptChunks} chunks) and the negative prompt ({negativeChunks}) are each repeated to {common} chunks, " +
                             "which attend as they would alone.");
        return (conditioner.Fitted(prompt, common * length), conditioner.Fitted(negative, common * length));
    }

    /// <summary>The most times one conditioning is repeated (ComfyUI batches no further): beyond, the shorter is padded.</summary>
    private const int RepeatLimit = 4;

    /// <summary>Repeated to <paramref name="tokens"/> when that is a whole number of its lengths, else padded with the empty prompt.</summary>
    private PromptEncoding Fitted(PromptEncoding encoding, int tokens) =>
        tokens % encoding.Tokens == 0 ? RepeatedTo(encoding, tokens) : PadTo(encoding, tokens);

    /// <summary>A prompt's sub-prompts, each through the encoders, summed by their weights.</summary>
    private PromptEncoding Encode(IReadOnlyList<SubPrompt> parts, string what, IRenderObserver observer)
    {
        var encoded = parts.Select(part => EncodePart(part, what, observer)).ToList();
        if (encoded.Count == 1 && parts[0].Weight == 1) return encoded[0];
        int tokens = encoded.Max(e => e.Tokens);
        var padded = encoded.Select(e => PadTo(e, tokens)).ToList();
        var hidden = new float[padded[0].HiddenStates.Length];
        float[]? pooled = padded[0].Pooled is null ? null : new float[padded[0].Pooled!.Length];
        for (int p = 0; p < padded.Count; p++)
        {
            float weight = (float)parts[p].Weight;
            AddScaled(hidden, padded[p].HiddenStates, weight);
            if (pooled is not null) AddScaled(pooled, padded[p].Pooled!, weight);
        }
        return new PromptEncoding(hidden, tokens, padded[0].HiddenSize, pooled);
    }

    private PromptEncoding EncodePart(SubPrompt part, string what, IRenderObserver observer)
    {
        // InvokeAI 2.x's truncation kept exactly the first 75 pieces.
        var chunks = PromptChunker.Split(_model.Tokenizer, part.Spans, _syntax, exactly: _limitedByCompatibility);
        if (_chunkLimit is int most && chunks.Count > most)
        {
            int dropped = chunks.Skip(most).Sum(chunk => chunk.Pieces.Count);
            if (_limitedByCompatibility)
            {
                // Reproducing InvokeAI 2.x, which cut every prompt at 77 tokens (it had no BREAK to honour).
                observer.Warning($"The {what} is longer than InvokeAI 2.x read (-Compatibility InvokeAI2): as there, the {dropped} token(s) " +
                                 $"past its first {_length} were ignored.");
            }
            else
            {
                var fixedLength = _model.FixedPromptLength!;
                if (part.Spans.Any(span => span.IsBreak))
                    throw fixedLength.BreakError(what == "prompt" ? nameof(RenderSettings.Prompt) : nameof(RenderSettings.NegativePrompt), what);
                observer.Warning(fixedLength.CutWarning(what, dropped));
            }
            chunks = chunks.Take(most).ToList();
        }

        var first = Raw(chunks[0]);
        int width = first.Widths.Sum();
        var hidden = new float[chunks.Count * _length * width];
        for (int c = 0; c < chunks.Count; c++)
            Join(Weighted(chunks[c], allowLeaning: true), hidden, c * _length * width);
        return new PromptEncoding(hidden, chunks.Count * _length, width, first.Pooled);
    }

    /// <summary>One chunk's hidden states per encoder, weighted as the syntax weights; the cached raw states when nothing is weighted.</summary>
    private float[][] Weighted(PromptChunk chunk, bool allowLeaning)
    {
        var raw = Raw(chunk);
        if (!chunk.HasWeights) return raw.Hidden;
        var weights = chunk.Weights(_length);
        var weighted = new float[raw.Hidden.Length][];
        for (int e = 0; e < raw.Hidden.Length; e++)
        {
            weighted[e] = _syntax == PromptSyntax.A1111
                ? ScaledMeanRestored(raw.Hidden[e], raw.Widths[e], weights)
                : FromEmpty(raw.Hidden[e], Empty.Hidden[e], raw.Widths[e], weights);
        }
        if (_syntax != PromptSyntax.InvokeAI || !allowLeaning) return weighted;

        // compel: a span weighted below 1 is also blended toward the chunk without it, so a small weight fades the
        // words out instead of merely quietening them.
        var lowered = chunk.Pieces.Where(p => p.Weight < 1).Select(p => (p.Span, p.Weight)).Distinct().ToList();
        if (lowered.Count == 0) return weighted;
        var contributions = new List<(float[][] States, double Weight)> { (weighted, 1) };
        foreach (var (span, weight) in lowered)
            contributions.Add((Weighted(chunk.Without(span), allowLeaning: false), Math.Tan((1 - Math.Max(1e-5, weight)) * Math.PI / 2)));
        double total = contributions.Sum(c => c.Weight);
        var leaned = weighted.Select(states => new float[states.Length]).ToArray();
        foreach (var (states, weight) in contributions)
        {
            for (int e = 0; e < leaned.Length; e++) AddScaled(leaned[e], states[e], (float)(weight / total));
        }
        return leaned;
    }

    /// <summary>A1111: each token's states times its weight, then all times (mean before ÷ mean after).</summary>
    private static float[] ScaledMeanRestored(float[] states, int width, float[] weights)
    {
        var result = new float[states.Length];
        double before = 0, after = 0;
        for (int t = 0; t < weights.Length; t++)
        {
            for (int i = t * width; i < (t + 1) * width; i++)
            {
                before += states[i];
                result[i] = states[i] * weights[t];
                after += result[i];
            }
        }
        if (after != 0)
        {
            float restore = (float)(before / after);
            for (int i = 0; i < result.Length; i++) result[i] *= restore;
        }
        return result;
    }

    /// <summary>compel and ComfyUI: empty + (states − empty)·weight, token by token.</summary>
    private static float[] FromEmpty(float[] states, float[] empty, int width, float[] weights)
    {
        var result = new float[states.Length];
        for (int t = 0; t < weights.Length; t++)
        {
            for (int i = t * width; i < (t + 1) * width; i++) result[i] = empty[i] + (states[i] - empty[i]) * weights[t];
        }
        return result;
    }

    private EncodedChunk Empty => _empty ??= Raw(new PromptChunk([]));

    /// <summary>A chunk through every text encoder, from the model's cache when an earlier render encoded the same ids.</summary>
    private EncodedChunk Raw(PromptChunk chunk)
    {
        int[] ids = chunk.InputIds(_model.Tokenizer);
        return EncodingCaches.Of(_model).Chunks.GetOrAdd(string.Join(',', ids), () =>
        {
            var first = _model.TextEncoder.Encode(ids, _cancel);
            if (_model.TextEncoder2 is null) return new EncodedChunk([first.HiddenStates], [first.HiddenSize], null);
            // tokenizer_2 differs from tokenizer 1 only in its pad id.
            var second = _model.TextEncoder2.Encode(chunk.InputIds(_model.Tokenizer2!), _cancel);
            if (second.Tokens != first.Tokens)
                throw new ModelRunException(_model.Folder.TextEncoder2Path, $"The two text encoders return {first.Tokens} and {second.Tokens} tokens; SDXL needs the same number.");
            return new EncodedChunk([first.HiddenStates, second.HiddenStates], [first.HiddenSize, second.HiddenSize], second.Pooled);
        });
    }

    /// <summary>Writes one chunk's tokens into <paramref name="target"/>, the encoders' states side by side per token (SDXL: encoder 1 first).</summary>
    private void Join(float[][] perEncoder, float[] target, int offset)
    {
        int width = perEncoder.Sum(states => states.Length) / _length;
        for (int t = 0, column = 0; t < _length; t++, column = 0)
        {
            foreach (var states in perEncoder)
            {
                int encoderWidth = states.Length / _length;
                Array.Copy(states, t * encoderWidth, target, offset + t * width + column, encoderWidth);
                column += encoderWidth;
            }
        }
    }

    /// <summary>The encoding followed by the empty prompt's chunk until it has <paramref name="tokens"/> tokens.</summary>
    private PromptEncoding PadTo(PromptEncoding encoding, int tokens)
    {
        if (encoding.Tokens == tokens) return encoding;
        var hidden = new float[tokens * encoding.HiddenSize];
        encoding.HiddenStates.CopyTo(hidden, 0);
        for (int offset = encoding.HiddenStates.Length; offset < hidden.Length; offset += _length * encoding.HiddenSize)
            Join(Empty.Hidden, hidden, offset);
        return encoding with { HiddenStates = hidden, Tokens = tokens };
    }

    /// <summary>The encoding laid end to end with itself until it has <paramref name="tokens"/> tokens (a multiple of its own).</summary>
    private static PromptEncoding RepeatedTo(PromptEncoding encoding, int tokens)
    {
        if (encoding.Tokens == tokens) return encoding;
        var hidden = new float[tokens * encoding.HiddenSize];
        for (int offset = 0; offset < hidden.Length; offset += encoding.HiddenStates.Length)
            encoding.HiddenStates.CopyTo(hidden, offset);
        return encoding with { HiddenStates = hidden, Tokens = tokens };
    }

    private static int LeastCommonMultiple(int a, int b)
    {
        int x = a, y = b;
        while (y != 0) (x, y) = (y, x % y);
        return a / x * b;
    }

    private static void AddScaled(float[] sum, float[] values, float weight)
    {
        for (int i = 0; i < sum.Length; i++) sum[i] += values[i] * weight;
    }
}

/// <summary>
/// One chunk's raw hidden states, [MaxLength × width] per text encoder (two for SDXL), and encoder 2's pooled
/// embedding. Shared through the model's cache, so never changed.
/// </summary>
internal sealed record EncodedChunk(float[][] Hidden, int[] Widths, float[]? Pooled);

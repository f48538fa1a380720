using InvokeAI.Core.Models;
using InvokeAI.Core.Tokenization;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// Classifier-free guidance: the prompt's and the negative (unconditional) prompt's hidden states, and the UNet
/// call that combines them as ε = ε_uncond + cfg·(ε_cond − ε_uncond) from one batch ordered [uncond, cond].
/// With cfg ≤ 1 the unconditional half is skipped, which halves the work.
/// </summary>
internal sealed class PromptGuidance
{
    private readonly float[] _hiddenStates;
    private readonly int _tokens;
    private readonly int _hiddenSize;
    private readonly double _cfgScale;
    private bool UsesGuidance => _cfgScale > 1;

    private PromptGuidance(float[] hiddenStates, int tokens, int hiddenSize, double cfgScale)
    {
        _hiddenStates = hiddenStates;
        _tokens = tokens;
        _hiddenSize = hiddenSize;
        _cfgScale = cfgScale;
    }

    public static PromptGuidance Encode(DiffusionModel model, string prompt, string negativePrompt, double cfgScale,
        IRenderObserver observer, CancellationToken cancel)
    {
        var (cond, hiddenSize) = EncodeOne(model, prompt, "prompt", observer, cancel);
        if (cfgScale <= 1) return new PromptGuidance(cond, model.Tokenizer.MaxLength, hiddenSize, cfgScale);
        var (uncond, _) = EncodeOne(model, negativePrompt, "negative prompt", observer, cancel);
        return new PromptGuidance([.. uncond, .. cond], model.Tokenizer.MaxLength, hiddenSize, cfgScale);
    }

    public float[] Predict(Unet unet, float[] input, int latentWidth, int latentHeight, double timestep, CancellationToken cancel)
    {
        int channels = input.Length / (latentWidth * latentHeight);
        if (!UsesGuidance)
            return unet.Predict(input, 1, channels, latentHeight, latentWidth, timestep, _hiddenStates, _tokens, _hiddenSize, cancel);

        float[] both = unet.Predict([.. input, .. input], 2, channels, latentHeight, latentWidth, timestep,
            _hiddenStates, _tokens, _hiddenSize, cancel);
        int half = both.Length / 2;
        var guided = new float[half];
        float cfg = (float)_cfgScale;
        for (int i = 0; i < half; i++)
            guided[i] = both[i] + cfg * (both[half + i] - both[i]);
        return guided;
    }

    private static (float[], int) EncodeOne(DiffusionModel model, string text, string what, IRenderObserver observer, CancellationToken cancel)
    {
        TokenizedPrompt tokens = model.Tokenizer.Encode(text);
        if (tokens.Truncated)
            observer.Warning($"The {what} is longer than CLIP's {model.Tokenizer.MaxLength} tokens; " +
                             $"{tokens.DroppedTokenCount} token(s) at its end were ignored.");
        return model.TextEncoder.Encode(tokens.InputIds, cancel);
    }
}

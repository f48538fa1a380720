using InvokeAI.Core.Models;
using InvokeAI.Core.Prompts;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// What the prompt makes of the UNet's calls: the conditioning of one render, built once in the model family's
/// convention, and classifier-free guidance ε = ε_neg + cfg·(ε_prompt − ε_neg) from one batch ordered
/// [negative, prompt] (diffusers' order). Without guidance (cfg ≤ 1, Turbo's 0, or an LCM, which takes cfg as an
/// embedding instead) there is no negative half, which halves the work.
/// </summary>
/// <remarks>
/// SD 1.x/2.x: each prompt's <c>last_hidden_state</c>. SDXL: the penultimate hidden states of both encoders side by
/// side (encoder 1 first), encoder 2's pooled projection as <c>text_embeds</c>, and <c>time_ids</c> = original size
/// (h, w), crop corner (top, left), target size (h, w); an empty negative prompt is zeros when model_index.json says
/// force_zeros_for_empty_prompt. LCM: <c>timestep_cond</c>, the embedding of w = cfg − 1.
/// </remarks>
internal sealed class PromptGuidance
{
    private readonly UnetConditioning _conditioning;
    private readonly double _cfgScale;
    // The step's buffers, made at the first call and reused by every later one (a render keeps one latent size).
    private float[]? _pair, _both, _guided;
    private bool Guided => _conditioning.Batch == 2;

    private PromptGuidance(UnetConditioning conditioning, double cfgScale)
    {
        _conditioning = conditioning;
        _cfgScale = cfgScale;
    }

    /// <param name="width">The render's width in pixels (SDXL's target size, and its original size unless the settings say).</param>
    public static PromptGuidance Encode(DiffusionModel model, RenderSettings settings, int width, int height,
        IRenderObserver observer, CancellationToken cancel)
    {
        double cfg = settings.CfgScale!.Value;
        var parsed = ParsedPrompt.Parse(settings.Prompt!, settings.NegativePrompt, settings.PromptSyntax ?? PromptSyntax.InvokeAI);
        observer.Verbose(parsed.Describe());
        foreach (string warning in parsed.Warnings) observer.Warning(warning);
        bool guided = model.Family.UsesGuidanceBatch(cfg);
        if (!guided && parsed.HasNegative)
            observer.Warning(model.Family.Distillation == ModelDistillation.LatentConsistency
                ? "The negative prompt is not used: an LCM model takes guidance as an embedding, not from a negative prompt."
                : "The negative prompt is not used: it only acts with -CfgScale above 1.");
        if (guided && model.Family.Distillation == ModelDistillation.Turbo)
            observer.Warning($"{model.Family.Name} is distilled to render without guidance: -CfgScale above 1 doubles each step's work " +
                             "and usually renders worse; its default is 0.");
        var (prompt, negative) = PromptConditioner.Encode(model, parsed, guided, observer, cancel, InvokeAI2Behaviour.PromptChunkLimit(settings));
        if (prompt.Tokens > model.Tokenizer.MaxLength)
            observer.Verbose($"Conditioning: {prompt.Tokens / model.Tokenizer.MaxLength} chunks of {model.Tokenizer.MaxLength} tokens, end to end.");
        var rows = guided ? new List<PromptEncoding> { negative!, prompt } : [prompt];

        var extras = new Dictionary<string, float[]>();
        if (prompt.Pooled is not null)
        {
            extras[Unet.TextEmbedsInput] = [.. rows.SelectMany(row => row.Pooled!)];
            var original = settings.OriginalSize ?? new PixelSize(width, height);
            var crop = settings.CropTopLeft ?? new PixelOffset(0, 0);
            float[] timeIds = [original.Height, original.Width, crop.Top, crop.Left, height, width];
            extras[Unet.TimeIdsInput] = [.. rows.SelectMany(_ => timeIds)];
        }
        if (model.Unet.GuidanceEmbeddingSize is int size)
            extras[Unet.TimestepCondInput] = LcmGuidanceEmbedding.For(cfg, size);

        var conditioning = model.Unet.Condition(rows.Count, [.. rows.SelectMany(row => row.HiddenStates)], prompt.Tokens, prompt.HiddenSize, extras);
        return new PromptGuidance(conditioning, cfg);
    }

    /// <summary>
    /// The guided prediction for one latent, in a buffer of this render's that the next call overwrites: the samplers
    /// turn it into x0 at once, and a step then allocates nothing the size of a latent.
    /// </summary>
    /// <param name="oneAtATime">Run the negative and the prompt half as two calls (the CPU, -LowMemory), not one batch of two.</param>
    public float[] Predict(Unet unet, float[] input, int latentWidth, int latentHeight, double timestep, CancellationToken cancel,
        bool oneAtATime = false)
    {
        int channels = input.Length / (latentWidth * latentHeight);
        int half = 4 * latentWidth * latentHeight;
        _guided = _guided?.Length == half ? _guided : new float[half];
        if (!Guided)
        {
            unet.Predict(input, 1, channels, latentHeight, latentWidth, timestep, _conditioning, _guided, cancel);
            return _guided;
        }

        _both = _both?.Length == 2 * half ? _both : new float[2 * half];
        if (oneAtATime)
        {
            unet.Predict(input, 1, channels, latentHeight, latentWidth, timestep, _conditioning.Row(0), _both.AsMemory(0, half), cancel);
            unet.Predict(input, 1, channels, latentHeight, latentWidth, timestep, _conditioning.Row(1), _both.AsMemory(half), cancel);
        }
        else
        {
            // The batch [negative, prompt] sees the same latent twice.
            _pair = _pair?.Length == 2 * input.Length ? _pair : new float[2 * input.Length];
            input.CopyTo(_pair, 0);
            input.CopyTo(_pair, input.Length);
            unet.Predict(_pair, 2, channels, latentHeight, latentWidth, timestep, _conditioning, _both, cancel);
        }
        float cfg = (float)_cfgScale;
        for (int i = 0; i < half; i++)
            _guided[i] = _both[i] + cfg * (_both[half + i] - _both[i]);
        return _guided;
    }
}

/// <summary>
/// One prompt's conditioning: [Tokens × HiddenSize] hidden states (a whole number of chunks) and, for SDXL, the pooled
/// embedding. Never changed once made: the guidance copies what it needs into its own arrays.
/// </summary>
internal sealed record PromptEncoding(float[] HiddenStates, int Tokens, int HiddenSize, float[]? Pooled)
{
    /// <summary>The same shapes, all zeros: SDXL's conditioning for "no negative prompt".</summary>
    public PromptEncoding Zeros() => new(new float[HiddenStates.Length], Tokens, HiddenSize, Pooled is null ? null : new float[Pooled.Length]);
}

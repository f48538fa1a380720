using System.Runtime.CompilerServices;
using InvokeAI.Core.Models;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// What a loaded model keeps of its encoders' work between renders: each prompt chunk's hidden states (a batch with
/// one prompt, or a negative prompt repeated with every render, encodes it once) and each init image's latent (every
/// -Iterations repeat of one image, and a batch of seeds over it, encodes it once). Held beside the model, not in it,
/// and gone with it.
/// </summary>
internal sealed class EncodingCaches
{
    private static readonly ConditionalWeakTable<DiffusionModel, EncodingCaches> PerModel = new();

    public static EncodingCaches Of(DiffusionModel model) => PerModel.GetValue(model, _ => new EncodingCaches());

    /// <summary>
    /// Each chunk's raw hidden states by its input ids: a prompt's chunks, the empty prompt's (weights and padding
    /// use it) and a weighted prompt's chunks without one of its words. 64 chunks of SDXL's 77 × 2048 states are 40 MB;
    /// SD 1.5's, 15 MB.
    /// </summary>
    public BoundedCache<string, EncodedChunk> Chunks { get; } = new(64);

    /// <summary>
    /// The posterior mean of an init image, by the hash of its pixels as rendered (after sizing). A sample of the
    /// posterior (VaeSample) depends on the seed and is not cached. 8 latents of a 2048² image are 8 MB.
    /// </summary>
    public BoundedCache<string, float[]> InitLatents { get; } = new(8);
}

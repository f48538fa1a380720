namespace InvokeAI.Core.Models;

/// <summary>
/// What a model's VAE encoder gives for an image. It decides whether an init latent can be the posterior's mean (the
/// same on every run) or a sample of it drawn from the render's seed.
/// </summary>
public enum PosteriorOutput
{
    /// <summary>The posterior's mean and log-variance (optimum's <c>latent_parameters</c>); mean or seeded sample.</summary>
    LatentParameters,

    /// <summary>
    /// A sample drawn inside the graph (the convert script's <c>latent_sample</c>) whose random node was replaced by an
    /// input at load; mean or seeded sample.
    /// </summary>
    SampledInGraph,

    /// <summary>
    /// A sample drawn inside the graph by an unseeded random node that could not be replaced: neither the mean nor
    /// reproducible.
    /// </summary>
    SampledUnseeded,

    /// <summary>A latent computed without any random draw (<c>latent_sample</c> and no random node): one latent, no sampling.</summary>
    Deterministic,
}

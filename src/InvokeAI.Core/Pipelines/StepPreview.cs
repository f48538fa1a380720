namespace InvokeAI.Core.Pipelines;

/// <summary>How Get-LatentSteps turns a step's latent into a picture.</summary>
public enum StepPreview
{
    /// <summary>
    /// The latent itself through a linear latent → RGB map, one pixel per latent cell (1/8 of the render's size):
    /// cheap, and shows the noise as the sampler sees it.
    /// </summary>
    Approx,

    /// <summary>
    /// The step's prediction of the finished latent decoded by the VAE, at the render's size: what the model
    /// expects the picture to become at that step (for step 0, which has no prediction, the noised init latent).
    /// One VAE run per step.
    /// </summary>
    Vae,
}

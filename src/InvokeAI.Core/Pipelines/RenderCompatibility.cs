namespace InvokeAI.Core.Pipelines;

/// <summary>
/// Whose img2img behaviour a render follows where tools that share a seed, a sampler and a step count still differ.
/// </summary>
public enum RenderCompatibility
{
    /// <summary>
    /// This module's own (the default): the seed's first draw is the img2img noise, and Karras spacing only when asked
    /// for, as diffusers, A1111 and ComfyUI do it.
    /// </summary>
    Module,

    /// <summary>
    /// InvokeAI 2.1 to 2.2.5's classic command line: with a k_ sampler the img2img noise is the seed's second draw
    /// and Karras spacing is the default below 30 steps (see <see cref="InvokeAI2Behaviour"/>).
    /// </summary>
    InvokeAI2,
}

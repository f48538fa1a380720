namespace InvokeAI.Core.Noise;

/// <summary>
/// Which PyTorch device's random stream a seed should reproduce. The two give unrelated noise for the same
/// seed, so a render is only reproducible with the source it was made with.
/// </summary>
public enum NoiseSource
{
    /// <summary><c>torch.randn</c> on the CPU: what ComfyUI and InvokeAI use by default, and diffusers with a CPU generator.</summary>
    Cpu,

    /// <summary><c>torch.randn</c> on a CUDA device, emulated on the CPU as AUTOMATIC1111's "NV" source does.</summary>
    Cuda,
}

/// <summary>Makes the generator for a <see cref="NoiseSource"/>.</summary>
public static class NoiseGenerators
{
    /// <summary>A freshly seeded generator, as after <c>torch.manual_seed(seed)</c> on that device.</summary>
    public static IGaussianNoiseGenerator Create(NoiseSource source, ulong seed) => source switch
    {
        NoiseSource.Cpu => new TorchCpuGenerator(seed),
        NoiseSource.Cuda => new PhiloxGenerator(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown noise source."),
    };
}

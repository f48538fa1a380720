namespace InvokeAI.Core.Models;

/// <summary>What a folder's VAE encoder returns, which decides whether encoding an init image is reproducible.</summary>
public enum VaeEncoderKind
{
    /// <summary><c>latent_parameters</c>: the posterior's mean and log-variance (optimum); the module takes the mean.</summary>
    LatentParameters,
    /// <summary><c>latent_sample</c> drawn inside the graph by an unseeded RandomNormalLike (diffusers' convert script).</summary>
    SampledInGraph,
    /// <summary><c>latent_sample</c> computed without a random node (an export of the posterior's mean or mode).</summary>
    DeterministicSample,
}

internal static class VaeEncoderKinds
{
    /// <summary>
    /// Read from the encoder's declared outputs and what <see cref="VaeEncoder"/> found in its graph, in the order
    /// VaeEncoder picks its output (latent_sample first), so the report says what renders actually use.
    /// </summary>
    public static VaeEncoderKind Of(DiffusionModel model)
    {
        var encoder = model.SubModels.First(sub => sub.FilePath == model.Folder.VaeEncoderPath);
        if (!encoder.Outputs.ContainsKey("latent_sample")) return VaeEncoderKind.LatentParameters;
        return model.VaeEncoder.SamplesRandomly ? VaeEncoderKind.SampledInGraph : VaeEncoderKind.DeterministicSample;
    }
}

using InvokeAI.Core.Scheduling;
using InvokeAI.DemoModel.GraphBuilding;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace InvokeAI.DemoModel.Graphs;

/// <summary>
/// The demo UNet: an analytic ε-predicting denoiser in place of a trained network. It receives what diffusers
/// feeds every SD UNet, z = √ᾱ·x0 + √(1−ᾱ)·ε at training timestep t, and answers with
/// ε̂ = (z − √ᾱ·x̂0) / √(1−ᾱ), where x̂0 is a Wiener-style estimate of the clean latent (see
/// <see cref="DenoiserTuning"/>) shrunk toward the prompt's colour. So any sampler, with or without guidance,
/// moves a noisy latent toward "the sketch, recoloured by the prompt as far as the noise level allows".
/// </summary>
internal static class UnetGraph
{
    /// <param name="timestepInput">How the <c>timestep</c> input is declared; the denoiser behind it is the same.</param>
    /// <param name="inpainting">
    /// Declare a 9-channel <c>sample</c> (latent, mask, masked-image latent) and keep the masked image where the mask
    /// keeps (<see cref="UnetInpaintingInput"/>); otherwise the ordinary 4-channel UNet.
    /// </param>
    /// <param name="fixedPromptLength">Fix the prompt's token axis at 77 (a static export) rather than leave it symbolic.</param>
    public static ModelProto Build(DenoiserTuning tuning, DemoTimestepInput timestepInput, bool inpainting, bool fixedPromptLength, string producerVersion)
    {
        var graph = new OnnxGraphBuilder("demo_unet");
        string sample = graph.AddInput("sample", DataType.Float, "batch",
            inpainting ? UnetInpaintingInput.Channels : LatentSpace.Channels, "latent_height", "latent_width");
        // Without inpainting no node is added, so the ordinary UNet stays byte-identical to earlier builds.
        var inpaintingInput = inpainting ? UnetInpaintingInput.Split(graph, sample) : null;
        string latent = inpaintingInput?.Latent ?? sample;
        string timestep = UnetTimestepInput.AddAsFloatBatch(graph, timestepInput, sample);
        // The sum over tokens below takes any count, so a long prompt's chunks laid end to end count in full.
        string hiddenStates = fixedPromptLength
            ? graph.AddInput("encoder_hidden_states", DataType.Float, "batch", TextEncoderGraph.SequenceLength, TextEncoderGraph.HiddenSize)
            : graph.AddInput("encoder_hidden_states", DataType.Float, "batch", "sequence", TextEncoderGraph.HiddenSize);

        string alphaBar = AddAlphaBarLookup(graph, timestep);
        string one = graph.AddScalar("one", 1f);
        string sqrtAlphaBar = graph.AddNode("Sqrt", alphaBar);
        string oneMinusAlphaBar = graph.AddNode("Sub", one, alphaBar);
        string sqrtOneMinusAlphaBar = graph.AddNode("Sqrt", oneMinusAlphaBar);
        // In x0 units the input is y = z/√ᾱ = x0 + σ·ε with σ² = (1−ᾱ)/ᾱ, the k-diffusion noise level. The
        // denoiser works in pixel units, where that noise variance is σ²/gain².
        string noisyLatent = graph.AddNode("Div", latent, sqrtAlphaBar);
        string noiseVariance = graph.AddNode("Div", oneMinusAlphaBar,
            graph.AddNode("Mul", alphaBar, graph.AddScalar("squared_latent_gain", LatentSpace.Gain * LatentSpace.Gain)));

        string promptColour = AddPromptColour(graph, hiddenStates, tuning.PromptPull);
        string estimate = AddShrinkTowardColour(graph, tuning, noisyLatent, noiseVariance, promptColour);
        if (inpaintingInput is not null) estimate = inpaintingInput.KeepMaskedImage(graph, estimate);

        string predictedNoise = graph.AddNode("Sub", latent, graph.AddNode("Mul", sqrtAlphaBar, estimate));
        graph.AddNode("Div", [predictedNoise, sqrtOneMinusAlphaBar], output: "out_sample");
        graph.AddOutput("out_sample", DataType.Float, "batch", LatentSpace.Channels, "latent_height", "latent_width");
        return graph.ToModel(producerVersion);
    }

    /// <summary>
    /// ᾱ at the (possibly fractional) timestep, shaped [batch, 1, 1, 1] to broadcast over the latent. Samplers
    /// such as Euler and DPM++ pass timesteps between the training ones, so the table is interpolated linearly.
    /// </summary>
    private static string AddAlphaBarLookup(OnnxGraphBuilder graph, string timestep)
    {
        var schedule = NoiseSchedule.FromConfig(SchedulerConfig.StableDiffusion1);
        int lastIndex = schedule.TrainTimesteps - 1;
        // Computed in double by the shared schedule, then stored as float like any exported weight.
        float[] table = schedule.AlphasCumprod.Select(value => (float)value).ToArray();
        string alphasCumprod = graph.AddFloatConstant("alphas_cumprod", table, table.Length);

        string clamped = graph.AddNode("Clip", timestep, graph.AddScalar("first_timestep", 0f),
            graph.AddScalar("last_timestep", lastIndex));
        string floor = graph.AddNode("Floor", clamped);
        string fraction = graph.AddNode("Sub", clamped, floor);
        string lowIndex = graph.AddNode("Cast", [floor], [NodeAttribute.Int("to", (long)DataType.Int64)]);
        string highIndex = graph.AddNode("Min",
            graph.AddNode("Add", lowIndex, graph.AddInt64Constant("index_step", [1])),
            graph.AddInt64Constant("last_index", [lastIndex]));

        string low = graph.AddNode("Gather", alphasCumprod, lowIndex);
        string high = graph.AddNode("Gather", alphasCumprod, highIndex);
        string interpolated = graph.AddNode("Add", low, graph.AddNode("Mul", fraction, graph.AddNode("Sub", high, low)));
        return graph.AddNode("Reshape", interpolated, graph.AddInt64Constant("per_sample_shape", [-1, 1, 1, 1], 4));
    }

    /// <summary>
    /// The colour the prompt asks for, in colour components [batch, 3, 1, 1]: the weighted mean of the colour
    /// words' rows, times the pull, times min(weight, 1) so that a prompt without colour words pulls nowhere.
    /// </summary>
    private static string AddPromptColour(OnnxGraphBuilder graph, string hiddenStates, float pull)
    {
        string sequenceAxis = graph.AddInt64Constant("sequence_axis", [1], 1);
        string summed = graph.AddNode("ReduceSum", [hiddenStates, sequenceAxis], [NodeAttribute.Int("keepdims", 0)]);

        string featureAxis = graph.AddInt64Constant("feature_axis", [1], 1);
        string colourSum = graph.AddNode("Slice", summed, graph.AddInt64Constant("colour_start", [0], 1),
            graph.AddInt64Constant("colour_end", [LatentSpace.Channels], 1), featureAxis);
        string weight = graph.AddNode("Slice", summed,
            graph.AddInt64Constant("weight_start", [TextEncoderGraph.ColourWeightColumn], 1),
            graph.AddInt64Constant("weight_end", [TextEncoderGraph.ColourWeightColumn + 1], 1), featureAxis);

        string meanColour = graph.AddNode("Div", colourSum, graph.AddNode("Max", weight, graph.AddScalar("min_weight", 1e-6f)));
        string presence = graph.AddNode("Clip", weight, graph.AddScalar("no_presence", 0f), graph.AddScalar("full_presence", 1f));
        string pulled = graph.AddNode("Mul", graph.AddNode("Mul", meanColour, presence), graph.AddScalar("prompt_pull", pull));
        string components = graph.AddNode("MatMul", pulled, graph.AddFloatConstant("colour_to_components",
            LatentColourBasis.ToComponentsMatrix(), LatentSpace.Channels, LatentColourBasis.Components));
        return graph.AddNode("Reshape", components,
            graph.AddInt64Constant("colour_shape", [-1, LatentColourBasis.Components, 1, 1], 4));
    }

    /// <summary>
    /// x̂0 = colour + Σ γ_b·band_b over the spatial bands of <see cref="DenoiserTuning"/>, in luma/chroma
    /// components, the coarsest band measured from the prompt colour, γ_b = S_b / (S_b + n_b·σ²).
    /// </summary>
    private static string AddShrinkTowardColour(OnnxGraphBuilder graph, DenoiserTuning tuning,
        string noisyLatent, string noiseVariance, string promptColour)
    {
        // The basis changes also convert between latent and pixel units, so the tuning reads in pixel units.
        string toComponents = graph.AddFloatConstant("latent_to_components",
            LatentColourBasis.ToComponentsWeights().Select(w => w / LatentSpace.Gain).ToArray(),
            LatentColourBasis.Components, LatentSpace.Channels, 1, 1);
        string components = graph.AddNode("Conv", noisyLatent, toComponents);

        var averages = new List<string> { components };
        foreach (int size in tuning.PoolSizes)
        {
            int pad = size / 2;
            averages.Add(graph.AddNode("AveragePool", [averages[^1]],
            [
                NodeAttribute.Ints("kernel_shape", size, size),
                NodeAttribute.Ints("pads", pad, pad, pad, pad),
                NodeAttribute.Ints("strides", 1, 1),
                // Border cells average only real cells, so the border is not darkened toward zero.
                NodeAttribute.Int("count_include_pad", 0),
            ]));
        }

        float[] noiseShares = tuning.BandNoiseShares();
        string estimate = promptColour;
        for (int band = 0; band < tuning.BandCount; band++)
        {
            string lower = band + 1 < averages.Count ? averages[band + 1] : promptColour;
            string detail = graph.AddNode("Sub", averages[band], lower);
            string signal = graph.AddFloatConstant($"band{band}_signal_variance", tuning.SignalVariancesOfBand(band),
                1, LatentColourBasis.Components, 1, 1);
            string noise = graph.AddNode("Mul", noiseVariance, graph.AddScalar($"band{band}_noise_share", noiseShares[band]));
            string keep = graph.AddNode("Div", signal, graph.AddNode("Add", signal, noise));
            estimate = graph.AddNode("Add", estimate, graph.AddNode("Mul", keep, detail));
        }

        string fromComponents = graph.AddFloatConstant("components_to_latent",
            LatentColourBasis.FromComponentsWeights().Select(w => w * LatentSpace.Gain).ToArray(),
            LatentSpace.Channels, LatentColourBasis.Components, 1, 1);
        return graph.AddNode("Conv", estimate, fromComponents);
    }
}

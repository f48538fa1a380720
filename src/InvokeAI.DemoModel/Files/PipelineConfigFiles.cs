using System.Text.Json.Nodes;
using InvokeAI.DemoModel.Graphs;

namespace InvokeAI.DemoModel.Files;

/// <summary>
/// The diffusers configuration files of the folder, with the keys and values a runwayml SD 1.5 ONNX export has,
/// so that reading them exercises the same code path as a real model.
/// </summary>
internal static class PipelineConfigFiles
{
    /// <summary>A diffusers release that exports the float32 timestep the demo UNet takes.</summary>
    public const string DiffusersVersion = "0.14.0";

    /// <param name="className">The pipeline class the exporter writes (see <see cref="UnetChannelFiles.PipelineClassName"/>).</param>
    public static JsonObject ModelIndex(DemoMarker marker, string className) => new()
    {
        ["_class_name"] = className,
        ["_diffusers_version"] = DiffusersVersion,
        [DemoModelLayout.DemoMarkerKey] = DemoMarkerObject(marker),
        // A real export without a safety checker lists the absent components as [null, null].
        ["feature_extractor"] = Component(null, null),
        ["requires_safety_checker"] = false,
        ["safety_checker"] = Component(null, null),
        ["scheduler"] = Component("diffusers", "PNDMScheduler"),
        ["text_encoder"] = Component("diffusers", "OnnxRuntimeModel"),
        ["tokenizer"] = Component("transformers", "CLIPTokenizer"),
        ["unet"] = Component("diffusers", "OnnxRuntimeModel"),
        ["vae_decoder"] = Component("diffusers", "OnnxRuntimeModel"),
        ["vae_encoder"] = Component("diffusers", "OnnxRuntimeModel"),
    };

    /// <summary>
    /// SD 1.5's scheduler settings. No timestep_spacing and no prediction_type key, as in runwayml's file:
    /// each sampler keeps its own default spacing and the prediction is ε.
    /// </summary>
    public static JsonObject SchedulerConfig() => new()
    {
        ["_class_name"] = "PNDMScheduler",
        ["_diffusers_version"] = DiffusersVersion,
        ["beta_end"] = 0.012,
        ["beta_schedule"] = "scaled_linear",
        ["beta_start"] = 0.00085,
        ["clip_sample"] = false,
        ["num_train_timesteps"] = 1000,
        ["set_alpha_to_one"] = false,
        ["skip_prk_steps"] = true,
        ["steps_offset"] = 1,
        ["trained_betas"] = null,
    };

    /// <summary>The VAE config optimum writes beside each half; pipelines read scaling_factor from it.</summary>
    public static JsonObject VaeConfig() => new()
    {
        ["_class_name"] = "AutoencoderKL",
        ["_diffusers_version"] = DiffusersVersion,
        ["in_channels"] = 3,
        ["latent_channels"] = LatentSpace.Channels,
        ["out_channels"] = 3,
        ["sample_size"] = 512,
        ["scaling_factor"] = LatentSpace.ScalingFactor,
    };

    private static JsonObject DemoMarkerObject(DemoMarker marker)
    {
        var demo = new JsonObject { [DemoMarker.VersionKey] = marker.Version };
        // Only a variant names its timestep; the default's marker stays as it was before variants existed.
        if (marker.Timestep is not null) demo[DemoMarker.TimestepKey] = marker.Timestep;
        if (marker.Inpainting) demo[DemoMarker.InpaintingKey] = true;
        if (marker.Channels is not null) demo[DemoMarker.ChannelsKey] = marker.Channels;
        if (marker.FixedPromptLength) demo[DemoMarker.FixedPromptLengthKey] = true;
        demo[DemoMarker.DescriptionKey] = "Tiny hand-built stand-in for Stable Diffusion 1.x from InvokeAI.DemoModel: " +
                                          "it recolours an image toward the colour words of the prompt.";
        return demo;
    }

    private static JsonArray Component(string? library, string? className) => new(library, className);
}

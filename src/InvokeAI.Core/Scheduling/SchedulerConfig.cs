using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// The values of a model folder's <c>scheduler/scheduler_config.json</c> that the samplers use.
/// Keys missing from the file keep the defaults below: the values of diffusers' scheduler classes (steps_offset 0,
/// set_alpha_to_one false as PNDM and LMS have it), which is what a missing key means in diffusers too.
/// </summary>
/// <remarks>
/// The keys that name one of a few choices are read into enums here, once, so a value no sampler knows is refused
/// when the file is read (naming the key, the value and what is accepted) and the samplers never compare strings.
/// Each enum is named after its key and each member after its value, in PascalCase: the key and the value are the
/// names in snake case (<see cref="PredictionType.VPrediction"/> is prediction_type "v_prediction").
/// </remarks>
public sealed record SchedulerConfig
{
    [JsonPropertyName("num_train_timesteps")] public int NumTrainTimesteps { get; init; } = 1000;
    [JsonPropertyName("beta_start")] public double BetaStart { get; init; } = 0.00085;
    [JsonPropertyName("beta_end")] public double BetaEnd { get; init; } = 0.012;
    [JsonPropertyName("beta_schedule")] public BetaSchedule BetaSchedule { get; init; } = BetaSchedule.ScaledLinear;
    [JsonPropertyName("prediction_type")] public PredictionType PredictionType { get; init; } = PredictionType.Epsilon;
    [JsonPropertyName("set_alpha_to_one")] public bool SetAlphaToOne { get; init; }
    [JsonPropertyName("steps_offset")] public int StepsOffset { get; init; }
    /// <summary>The diffusers scheduler class the folder ships (EulerAncestralDiscreteScheduler, LCMScheduler, …); it tells families apart.</summary>
    [JsonPropertyName("_class_name")] public string? ClassName { get; init; }
    /// <summary>Zero-terminal-SNR fine-tunes set it (with trailing spacing, which distilled Turbo models also use).</summary>
    [JsonPropertyName("rescale_betas_zero_snr")] public bool RescaleBetasZeroSnr { get; init; }
    /// <summary>Null when the file does not say: each sampler then uses its own diffusers default.</summary>
    [JsonPropertyName("timestep_spacing")] public TimestepSpacing? TimestepSpacing { get; init; }

    /// <summary>
    /// LCMScheduler: the length of the schedule the consistency model was distilled on (50 for LCM_Dreamshaper_v7,
    /// diffusers' default); its timesteps are every T/original_inference_steps-th. Other samplers ignore it.
    /// </summary>
    [JsonPropertyName("original_inference_steps")] public int OriginalInferenceSteps { get; init; } = 50;

    /// <summary>
    /// LCMScheduler: the factor the timestep is multiplied by in the boundary-condition scalings c_skip and c_out
    /// (diffusers' default 10, which makes c_skip ≈ 0 and c_out ≈ 1 at every timestep but the smallest). Other
    /// samplers ignore it.
    /// </summary>
    [JsonPropertyName("timestep_scaling")] public double TimestepScaling { get; init; } = 10.0;

    /// <summary>
    /// Not a key of the file: how σ is read between training timesteps. diffusers interpolates σ itself; k-diffusion's
    /// CompVisDenoiser, which InvokeAI 2.x's k_ samplers ran on, interpolates log σ.
    /// </summary>
    [JsonIgnore] public SigmaInterpolation SigmaInterpolation { get; init; }

    /// <summary>
    /// The Stable Diffusion 1.x configuration as runwayml's folders carry it (no timestep_spacing key, so every
    /// sampler keeps its own default); the demo model ships it too.
    /// </summary>
    public static SchedulerConfig StableDiffusion1 { get; } = new() { StepsOffset = 1 };

    /// <summary>
    /// Reads the file's JSON. Throws <see cref="JsonException"/> for JSON that is not a config, including a
    /// beta_schedule, prediction_type or timestep_spacing no sampler knows.
    /// </summary>
    public static SchedulerConfig Parse(string json) =>
        JsonSerializer.Deserialize<SchedulerConfig>(json, JsonOptions)
        ?? throw new InvalidDataException("scheduler_config.json holds no JSON object.");

    public static SchedulerConfig Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>The value as the file writes it: <c>v_prediction</c>, <c>scaled_linear</c>, <c>leading</c>.</summary>
    public static string NameOf<TChoice>(TChoice choice) where TChoice : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(choice.ToString());

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        // In the options rather than on the properties, so that TimestepSpacing? reads through the same converter:
        // the serializer wraps an options converter of T for T?, reading null as null (the sampler's default).
        Converters = { new ChoiceConverter<BetaSchedule>(), new ChoiceConverter<PredictionType>(), new ChoiceConverter<TimestepSpacing>() },
    };

    /// <summary>Reads a choice by its exact name in the file; anything else is refused with what is accepted.</summary>
    private sealed class ChoiceConverter<TChoice> : JsonConverter<TChoice> where TChoice : struct, Enum
    {
        private static readonly string Key = JsonNamingPolicy.SnakeCaseLower.ConvertName(typeof(TChoice).Name);

        public override TChoice Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string? name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            foreach (TChoice choice in Enum.GetValues<TChoice>())
                if (NameOf(choice) == name) return choice;

            string given = name is null ? Encoding.UTF8.GetString(reader.ValueSpan) : $"'{name}'";
            string accepted = string.Join(", ", Enum.GetValues<TChoice>().Select(NameOf));
            throw new JsonException($"{Key} {given} is not supported ({accepted}).");
        }

        public override void Write(Utf8JsonWriter writer, TChoice value, JsonSerializerOptions options) =>
            writer.WriteStringValue(NameOf(value));
    }
}

/// <summary>How the training noise schedule spaces β over the training timesteps (<c>beta_schedule</c>).</summary>
public enum BetaSchedule
{
    /// <summary>β evenly spaced from beta_start to beta_end.</summary>
    Linear,
    /// <summary>√β evenly spaced, then squared: Stable Diffusion's schedule.</summary>
    ScaledLinear,
    /// <summary>Glide's cosine schedule, each β capped at 0.999 (beta_start and beta_end unused).</summary>
    SquaredcosCapV2,
}

/// <summary>What the UNet predicts (<c>prediction_type</c>).</summary>
public enum PredictionType
{
    /// <summary>The noise ε in the sample.</summary>
    Epsilon,
    /// <summary>The velocity v = √ᾱ·ε − √(1−ᾱ)·x0 (SD 2.x at 768 px).</summary>
    VPrediction,
    /// <summary>The clean latent x0 itself.</summary>
    Sample,
}

/// <summary>How σ at a fractional timestep is read off the training σ (<see cref="SchedulerConfig.SigmaInterpolation"/>).</summary>
public enum SigmaInterpolation
{
    /// <summary>Linearly in σ, as diffusers' discrete σ schedulers do.</summary>
    Linear,
    /// <summary>Linearly in log σ, as k-diffusion's CompVisDenoiser (<c>t_to_sigma</c>) does.</summary>
    LogSigma,
}

/// <summary>How a render's n timesteps are picked from the training timesteps (<c>timestep_spacing</c>).</summary>
public enum TimestepSpacing
{
    /// <summary>Evenly from T − 1 down to 0, fractional where they fall between.</summary>
    Linspace,
    /// <summary>Every T//n-th from 0, plus steps_offset.</summary>
    Leading,
    /// <summary>Every T/n-th down from T, rounded, minus 1.</summary>
    Trailing,
}

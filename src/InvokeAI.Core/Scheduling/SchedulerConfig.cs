using System.Text.Json;
using System.Text.Json.Serialization;

namespace InvokeAI.Core.Scheduling;

/// <summary>
/// The values of a model folder's <c>scheduler/scheduler_config.json</c> that the samplers use.
/// Keys missing from the file keep the defaults below: the values of diffusers' scheduler classes (steps_offset 0,
/// set_alpha_to_one false as PNDM and LMS have it), which is what a missing key means in diffusers too.
/// </summary>
public sealed record SchedulerConfig
{
    [JsonPropertyName("num_train_timesteps")] public int NumTrainTimesteps { get; init; } = 1000;
    [JsonPropertyName("beta_start")] public double BetaStart { get; init; } = 0.00085;
    [JsonPropertyName("beta_end")] public double BetaEnd { get; init; } = 0.012;
    [JsonPropertyName("beta_schedule")] public string BetaSchedule { get; init; } = "scaled_linear";
    [JsonPropertyName("prediction_type")] public string PredictionType { get; init; } = "epsilon";
    [JsonPropertyName("set_alpha_to_one")] public bool SetAlphaToOne { get; init; }
    [JsonPropertyName("steps_offset")] public int StepsOffset { get; init; }
    /// <summary>Null when the file does not say: each sampler then uses its own diffusers default.</summary>
    [JsonPropertyName("timestep_spacing")] public string? TimestepSpacing { get; init; }

    /// <summary>
    /// The Stable Diffusion 1.x configuration as runwayml's folders carry it (no timestep_spacing key, so every
    /// sampler keeps its own default); the demo model ships it too.
    /// </summary>
    public static SchedulerConfig StableDiffusion1 { get; } = new() { StepsOffset = 1 };

    public static SchedulerConfig Parse(string json) =>
        JsonSerializer.Deserialize<SchedulerConfig>(json, JsonOptions)
        ?? throw new InvalidDataException("scheduler_config.json holds no JSON object.");

    public static SchedulerConfig Load(string path) => Parse(File.ReadAllText(path));

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}

using System.Text.Json;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>scheduler_config.json read into typed values: every name diffusers writes, the defaults, and refusals.</summary>
public class SchedulerConfigTests
{
    [Fact]
    public void StableDiffusion2sFileIsReadWhole()
    {
        // stabilityai/stable-diffusion-2-1's scheduler/scheduler_config.json.
        var config = SchedulerConfig.Parse("""
            {
              "_class_name": "DDIMScheduler",
              "_diffusers_version": "0.8.0",
              "beta_end": 0.012,
              "beta_schedule": "scaled_linear",
              "beta_start": 0.00085,
              "clip_sample": false,
              "num_train_timesteps": 1000,
              "prediction_type": "v_prediction",
              "set_alpha_to_one": false,
              "skip_prk_steps": true,
              "steps_offset": 1,
              "trained_betas": null
            }
            """);

        Assert.Equal(SchedulerConfig.StableDiffusion1 with { PredictionType = PredictionType.VPrediction, ClassName = "DDIMScheduler" }, config);
    }

    [Theory]
    [InlineData("linear", BetaSchedule.Linear)]
    [InlineData("scaled_linear", BetaSchedule.ScaledLinear)]
    [InlineData("squaredcos_cap_v2", BetaSchedule.SquaredcosCapV2)]
    public void EveryBetaScheduleIsReadByItsDiffusersName(string name, BetaSchedule expected)
    {
        Assert.Equal(expected, SchedulerConfig.Parse($$"""{ "beta_schedule": "{{name}}" }""").BetaSchedule);
        Assert.Equal(name, SchedulerConfig.NameOf(expected));
    }

    [Theory]
    [InlineData("epsilon", PredictionType.Epsilon)]
    [InlineData("v_prediction", PredictionType.VPrediction)]
    [InlineData("sample", PredictionType.Sample)]
    public void EveryPredictionTypeIsReadByItsDiffusersName(string name, PredictionType expected)
    {
        Assert.Equal(expected, SchedulerConfig.Parse($$"""{ "prediction_type": "{{name}}" }""").PredictionType);
        Assert.Equal(name, SchedulerConfig.NameOf(expected));
    }

    [Theory]
    [InlineData("linspace", TimestepSpacing.Linspace)]
    [InlineData("leading", TimestepSpacing.Leading)]
    [InlineData("trailing", TimestepSpacing.Trailing)]
    public void EveryTimestepSpacingIsReadByItsDiffusersName(string name, TimestepSpacing expected)
    {
        Assert.Equal(expected, SchedulerConfig.Parse($$"""{ "timestep_spacing": "{{name}}" }""").TimestepSpacing);
        Assert.Equal(name, SchedulerConfig.NameOf(expected));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "timestep_spacing": null }""")]
    public void MissingChoicesKeepDiffusersDefaultsAndLeaveTheSpacingToTheSampler(string json)
    {
        var config = SchedulerConfig.Parse(json);

        Assert.Equal(BetaSchedule.ScaledLinear, config.BetaSchedule);
        Assert.Equal(PredictionType.Epsilon, config.PredictionType);
        Assert.Null(config.TimestepSpacing);
    }

    [Theory]
    [InlineData("""{ "prediction_type": "flow_matching" }""", "prediction_type 'flow_matching' is not supported (epsilon, v_prediction, sample).")]
    [InlineData("""{ "prediction_type": "Epsilon" }""", "prediction_type 'Epsilon' is not supported (epsilon, v_prediction, sample).")]
    [InlineData("""{ "prediction_type": null }""", "prediction_type null is not supported (epsilon, v_prediction, sample).")]
    [InlineData("""{ "beta_schedule": "exotic" }""", "beta_schedule 'exotic' is not supported (linear, scaled_linear, squaredcos_cap_v2).")]
    [InlineData("""{ "timestep_spacing": 2 }""", "timestep_spacing 2 is not supported (linspace, leading, trailing).")]
    public void AValueNoSamplerKnowsIsRefusedNamingKeyValueAndWhatIsAccepted(string json, string message)
    {
        var e = Assert.Throws<JsonException>(() => SchedulerConfig.Parse(json));

        Assert.Equal(message, e.Message);
    }
}

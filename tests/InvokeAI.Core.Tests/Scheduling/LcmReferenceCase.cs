using System.Text.Json;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>
/// One of the tiny-lcm torch references (tests/fixtures/references/tiny-lcm/*.json): the settings it was rendered
/// with and the timesteps diffusers ran, read from the file so the tests follow the fixture.
/// </summary>
internal sealed record LcmReferenceCase(string Case, int Steps, double Strength, int OriginalInferenceSteps, double CfgScale, int[] Timesteps)
{
    public static LcmReferenceCase Load(string caseName)
    {
        string path = RepoPaths.Combine("tests", "fixtures", "references", "tiny-lcm", caseName + ".json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        return new LcmReferenceCase(
            caseName,
            root.GetProperty("steps").GetInt32(),
            root.GetProperty("strength").GetDouble(),
            root.GetProperty("original_inference_steps").GetInt32(),
            root.GetProperty("cfg_scale").GetDouble(),
            root.GetProperty("timesteps").EnumerateArray().Select(t => t.GetInt32()).ToArray());
    }

    /// <summary>The tiny-lcm model folder's scheduler_config.json (LCMScheduler, LCM_Dreamshaper_v7's values).</summary>
    public static SchedulerConfig FixtureSchedulerConfig() =>
        SchedulerConfig.Load(RepoPaths.Combine("tests", "fixtures", "models", "tiny-lcm", "scheduler", "scheduler_config.json"));
}

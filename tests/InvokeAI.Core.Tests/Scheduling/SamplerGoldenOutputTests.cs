using System.Globalization;
using System.Security.Cryptography;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Scheduling;

/// <summary>
/// Pins every sampler's exact output bits: a fixed synthetic model and input run through a whole img2img tail,
/// and a hash over the noised start, every step's x0, every sample after a step and every model timestep.
/// The hashes were recorded before the samplers were refactored onto shared base classes, so a refactor that
/// changes the order of any floating-point operation fails here even where the tolerance tests still pass.
/// </summary>
/// <remarks>
/// Recorded on Linux x64 (.NET 10). The model and noise below use only arithmetic, but the samplers themselves
/// call Math.Log, Exp and Pow; a mismatch on another OS with every other test passing may be its libm rounding
/// a transcendental differently rather than a change in the samplers.
/// </remarks>
public class SamplerGoldenOutputTests
{
    private const int Steps = 10;
    private const int Length = 48;

    [Theory]
    [MemberData(nameof(Cases))]
    public void OutputBitsAreUnchanged(string sampler, bool karras, double eta, int start, string prediction, string expected)
    {
        Assert.Equal(expected, Run(sampler, karras, eta, start, prediction));
    }

    public static IEnumerable<object[]> Cases() => ExpectedHashes.Select(entry =>
    {
        string[] parts = entry.Key.Split('|');
        return new object[]
        {
            parts[0], bool.Parse(parts[1]), double.Parse(parts[2], CultureInfo.InvariantCulture),
            int.Parse(parts[3], CultureInfo.InvariantCulture), parts[4], entry.Value,
        };
    });

    /// <summary>The first 16 hex digits of SHA-256 over everything the run produced, as raw little-endian bytes.</summary>
    internal static string Run(string name, bool karras, double eta, int start, string prediction)
    {
        // The cases name the prediction type as scheduler_config.json does, as they did when they were recorded.
        var predictionType = Enum.GetValues<PredictionType>().Single(type => SchedulerConfig.NameOf(type) == prediction);
        var config = SchedulerConfig.StableDiffusion1 with { PredictionType = predictionType };
        ISampler sampler = name switch
        {
            "k_lms" => new LmsSampler(config, Steps, karras),
            "k_euler" => new EulerSampler(config, Steps, karras),
            "k_euler_a" => new EulerAncestralSampler(config, Steps, karras),
            "k_heun" => new HeunSampler(config, Steps, karras),
            "k_dpm_2" => new Dpm2Sampler(config, Steps, karras),
            "k_dpm_2_a" => new Dpm2AncestralSampler(config, Steps, karras),
            "k_dpmpp_2m" => new DpmPlusPlus2MSampler(config, Steps, karras),
            "ddim" => new DdimSampler(config, Steps, eta),
            "plms" => new PlmsSampler(config, Steps),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown sampler."),
        };

        var bytes = new List<byte>();
        void Record(float[] values)
        {
            foreach (float value in values) bytes.AddRange(BitConverter.GetBytes(value));
        }

        var sample = new float[Length];
        var initialNoise = new float[Length];
        for (int k = 0; k < Length; k++)
        {
            sample[k] = (float)(((k * 7) % 13 - 6) / 4.0);
            initialNoise[k] = (float)(((k * 5) % 17 - 8) / 5.0);
        }
        sampler.AddNoise(sample, initialNoise, start);
        Record(sample);

        var timesteps = new List<double>();
        ModelFunction model = (input, timestep) =>
        {
            timesteps.Add(timestep);
            var output = new float[input.Length];
            for (int k = 0; k < output.Length; k++)
                output[k] = (float)(0.6 * input[k] + (((k * 37) % 11) - 5) / 20.0 * (1 + timestep / 1000));
            return output;
        };
        var noise = new ArithmeticNoise();

        for (int i = start; i < Steps; i++)
        {
            Record(sampler.Step(i, sample, model, noise));
            Record(sample);
        }
        foreach (double timestep in timesteps) bytes.AddRange(BitConverter.GetBytes(timestep));
        // A run that overflowed would hash NaNs and hide most of the arithmetic; this one stays finite.
        Assert.All(sample, value => Assert.True(float.IsFinite(value)));

        return Convert.ToHexString(SHA256.HashData(bytes.ToArray()))[..16].ToLowerInvariant();
    }

    /// <summary>A fixed, platform-independent stand-in for Gaussian noise (an LCG scaled to about ±2).</summary>
    private sealed class ArithmeticNoise : IGaussianNoiseGenerator
    {
        private uint _state = 12345;

        public float[] Randn(int count)
        {
            var values = new float[count];
            for (int k = 0; k < count; k++)
            {
                _state = unchecked(_state * 1664525 + 1013904223);
                values[k] = (float)((_state >> 8) / (double)(1 << 24) * 4 - 2);
            }
            return values;
        }
    }

    // sampler|karras|eta|start|prediction → hash, recorded before the refactor.
    private static readonly Dictionary<string, string> ExpectedHashes = new()
    {
        ["k_lms|false|0|0|epsilon"] = "9ffcbc226f835b8f",
        ["k_lms|false|0|0|v_prediction"] = "43965a500737492d",
        ["k_lms|false|0|0|sample"] = "cb02dab76437d78f",
        ["k_lms|false|0|4|epsilon"] = "ac3318a74f813aee",
        ["k_lms|false|0|4|v_prediction"] = "3ba1a041d676ac50",
        ["k_lms|false|0|4|sample"] = "5123079b53307b99",
        ["k_lms|true|0|0|epsilon"] = "f7bedcdd9d16af9d",
        ["k_lms|true|0|0|v_prediction"] = "c00367e8999f8f45",
        ["k_lms|true|0|0|sample"] = "4e29be8642464dfe",
        ["k_lms|true|0|4|epsilon"] = "2366800d81d56ec8",
        ["k_lms|true|0|4|v_prediction"] = "a22021c582353b84",
        ["k_lms|true|0|4|sample"] = "899fc44300229634",
        ["k_euler|false|0|0|epsilon"] = "67d6393536f0aa76",
        ["k_euler|false|0|0|v_prediction"] = "18d2fa2df23135a1",
        ["k_euler|false|0|0|sample"] = "3e44c65e5c0bdc74",
        ["k_euler|false|0|4|epsilon"] = "8a27c0aa360fdec7",
        ["k_euler|false|0|4|v_prediction"] = "c9bbb4c5e4197e5d",
        ["k_euler|false|0|4|sample"] = "c883aa2582959375",
        ["k_euler|true|0|0|epsilon"] = "d99acdff82152969",
        ["k_euler|true|0|0|v_prediction"] = "4292bc32e4ebfbbe",
        ["k_euler|true|0|0|sample"] = "751eb93299fbd97d",
        ["k_euler|true|0|4|epsilon"] = "9a6f81603f1ac57b",
        ["k_euler|true|0|4|v_prediction"] = "ac60b5c0793727bd",
        ["k_euler|true|0|4|sample"] = "37b84eef1c1afe8a",
        ["k_euler_a|false|0|0|epsilon"] = "9870ed6a951bfa0f",
        ["k_euler_a|false|0|0|v_prediction"] = "fd20ea3eab75e15f",
        ["k_euler_a|false|0|0|sample"] = "b15c1ce568530890",
        ["k_euler_a|false|0|4|epsilon"] = "bcc04b42d4d99c1c",
        ["k_euler_a|false|0|4|v_prediction"] = "912684470f2d02d1",
        ["k_euler_a|false|0|4|sample"] = "5a601f6a98cb2cdb",
        ["k_euler_a|true|0|0|epsilon"] = "d0a1e35339ca07aa",
        ["k_euler_a|true|0|0|v_prediction"] = "b3c449ce268c6f68",
        ["k_euler_a|true|0|0|sample"] = "b58acac82047b432",
        ["k_euler_a|true|0|4|epsilon"] = "da060d20288abaf7",
        ["k_euler_a|true|0|4|v_prediction"] = "da4a4938a99ef3a8",
        ["k_euler_a|true|0|4|sample"] = "303ca811e8a9cee5",
        ["k_heun|false|0|0|epsilon"] = "88c4f5d968751020",
        ["k_heun|false|0|0|v_prediction"] = "44700244b6d361f9",
        ["k_heun|false|0|0|sample"] = "49f6879ccdfe6269",
        ["k_heun|false|0|4|epsilon"] = "11f83068745c589b",
        ["k_heun|false|0|4|v_prediction"] = "c02157da507fab1f",
        ["k_heun|false|0|4|sample"] = "719a4c82e0064ce8",
        ["k_heun|true|0|0|epsilon"] = "386e6932a441225c",
        ["k_heun|true|0|0|v_prediction"] = "46dfa450dabc3b46",
        ["k_heun|true|0|0|sample"] = "27049486faea2f6f",
        ["k_heun|true|0|4|epsilon"] = "d2704f36f81228c0",
        ["k_heun|true|0|4|v_prediction"] = "9362f3f114a7be3b",
        ["k_heun|true|0|4|sample"] = "b3bd8bb7d4aa26de",
        ["k_dpm_2|false|0|0|epsilon"] = "141cf06f0f923d56",
        ["k_dpm_2|false|0|0|v_prediction"] = "d66b770e81e6995b",
        ["k_dpm_2|false|0|0|sample"] = "b837104ec1079ac9",
        ["k_dpm_2|false|0|4|epsilon"] = "74da10651a9e4137",
        ["k_dpm_2|false|0|4|v_prediction"] = "7c4f4f2850f0357c",
        ["k_dpm_2|false|0|4|sample"] = "31cdbbb8295e3f7a",
        ["k_dpm_2|true|0|0|epsilon"] = "1b881a94567cc315",
        ["k_dpm_2|true|0|0|v_prediction"] = "e8ae231aebec13fd",
        ["k_dpm_2|true|0|0|sample"] = "38b3b5b06a20fa18",
        ["k_dpm_2|true|0|4|epsilon"] = "1610219df2a1f606",
        ["k_dpm_2|true|0|4|v_prediction"] = "a1543147fa415b1a",
        ["k_dpm_2|true|0|4|sample"] = "d8b6e0ec72829d52",
        ["k_dpm_2_a|false|0|0|epsilon"] = "c976ccf43235006c",
        ["k_dpm_2_a|false|0|0|v_prediction"] = "d47768398ce5663e",
        ["k_dpm_2_a|false|0|0|sample"] = "8cf06475ec83c9bc",
        ["k_dpm_2_a|false|0|4|epsilon"] = "390d8fa97c792ae8",
        ["k_dpm_2_a|false|0|4|v_prediction"] = "4abbf1b7ad2ce803",
        ["k_dpm_2_a|false|0|4|sample"] = "41f85fe79821fc95",
        ["k_dpm_2_a|true|0|0|epsilon"] = "0a9ebac3d18c411f",
        ["k_dpm_2_a|true|0|0|v_prediction"] = "e5f5cde668c28461",
        ["k_dpm_2_a|true|0|0|sample"] = "39d29c88e661ce56",
        ["k_dpm_2_a|true|0|4|epsilon"] = "8a01263b2749d67a",
        ["k_dpm_2_a|true|0|4|v_prediction"] = "214f8eedebb332e9",
        ["k_dpm_2_a|true|0|4|sample"] = "63b1d4e13b75d611",
        ["k_dpmpp_2m|false|0|0|epsilon"] = "6132dbfe7a2b73c6",
        ["k_dpmpp_2m|false|0|0|v_prediction"] = "3b5af8ea56c4ffae",
        ["k_dpmpp_2m|false|0|0|sample"] = "9c669f1b1aa7d5f2",
        ["k_dpmpp_2m|false|0|4|epsilon"] = "919f3fae7218ae16",
        ["k_dpmpp_2m|false|0|4|v_prediction"] = "7bebebf87cd50722",
        ["k_dpmpp_2m|false|0|4|sample"] = "0a045e7059255088",
        ["k_dpmpp_2m|true|0|0|epsilon"] = "a53bc6cce491c4b3",
        ["k_dpmpp_2m|true|0|0|v_prediction"] = "9e83c445494d3134",
        ["k_dpmpp_2m|true|0|0|sample"] = "b4fb7ca86f50baf2",
        ["k_dpmpp_2m|true|0|4|epsilon"] = "d2a187503ec869eb",
        ["k_dpmpp_2m|true|0|4|v_prediction"] = "f7ace358df943e5c",
        ["k_dpmpp_2m|true|0|4|sample"] = "39ee32bd881ae43e",
        ["ddim|false|0|0|epsilon"] = "4af496e3a5973b87",
        ["ddim|false|0|0|v_prediction"] = "afb4bc7b89d7bcf3",
        ["ddim|false|0|0|sample"] = "b71e6b8de1c2f1a5",
        ["ddim|false|0|4|epsilon"] = "148a3a00d2a54f78",
        ["ddim|false|0|4|v_prediction"] = "be0f46db72f52e04",
        ["ddim|false|0|4|sample"] = "e8aa11eb193f7601",
        ["ddim|false|1|0|epsilon"] = "e14ad529257ba659",
        ["ddim|false|1|0|v_prediction"] = "0706b23b7e680906",
        ["ddim|false|1|0|sample"] = "423713e6b973b15f",
        ["ddim|false|1|4|epsilon"] = "1bd5fbc5d89f0666",
        ["ddim|false|1|4|v_prediction"] = "61635361ad9d07ba",
        ["ddim|false|1|4|sample"] = "549ced870f151569",
        ["plms|false|0|0|epsilon"] = "daf4c861e968c53a",
        ["plms|false|0|0|v_prediction"] = "919604f63a726906",
        ["plms|false|0|0|sample"] = "04d42a3ffa44c24b",
        ["plms|false|0|4|epsilon"] = "47b620686c1d9491",
        ["plms|false|0|4|v_prediction"] = "95a9c719e199ff0e",
        ["plms|false|0|4|sample"] = "28f087b23d7a7b0a",
    };
}

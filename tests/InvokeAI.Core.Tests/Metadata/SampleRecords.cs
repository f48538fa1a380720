using InvokeAI.Core.Imaging;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Metadata;

/// <summary>A rendered image with every field set, for the metadata tests.</summary>
internal static class SampleRecords
{
    public static DiffusionImage Render(string prompt = "fire on a hill", string negative = "smoke", string? source = "/sketches/fire place.png") => new()
    {
        Pixels = new RgbaImage(64, 128),
        Settings = new RenderSettings
        {
            Prompt = prompt,
            NegativePrompt = negative,
            Seed = 1592514025,
            Variations = [new SeedWeight(42, 0.1), new SeedWeight(7, 0.25)],
            Steps = 50,
            Strength = 0.75,
            CfgScale = 7.5,
            Sampler = "k_dpmpp_2m",
            Karras = true,
            Eta = 0,
            NoiseSource = NoiseSource.Cpu,
            Width = 64,
            Height = 128,
            InvertMask = true,
            MaskBlur = 10,
        },
        StepsTaken = 37,
        SourcePath = source,
        InitImageHash = new string('a', 64),
        MaskHash = new string('b', 64),
        Inpainted = true,
        MaskSource = MaskSource.Mask,
        MaskPath = "/masks/fire place mask.png",
        Model = "/models/stable-diffusion-v1-5-onnx",
        Provider = "CPU",
    };
}

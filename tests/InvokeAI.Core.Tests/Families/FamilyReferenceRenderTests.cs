using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Families;

/// <summary>
/// Every family renders its torch references (k-diffusion's samplers, diffusers' DDIM and LCM schedulers, PyTorch's
/// CPU generator) within 2 grey levels, on the real-architecture exports in each exporter's contract.
/// </summary>
public sealed class FamilyReferenceRenderTests(FixtureModels models) : IClassFixture<FixtureModels>
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "tiny-sd-lp", "tiny-sd", "lms-s06" },
        { "tiny-sd-lp", "tiny-sd", "euler-karras-s075" },
        { "tiny-sd-lp", "tiny-sd", "ddim-s05" },
        { "tiny-sd-fp16", "tiny-sd-fp16", "fp16-euler-s07" },
        { "tiny-sdxl", "tiny-sdxl", "sdxl-euler-cfg5" },
        { "tiny-sdxl", "tiny-sdxl", "sdxl-lms-negative" },
        { "tiny-sdxl-turbo", "tiny-sdxl-turbo", "turbo-2x0.5-one-step" },
        { "tiny-sdxl-turbo", "tiny-sdxl-turbo", "turbo-4x0.5-two-steps" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RendersTheTorchReferenceWithinTwoGreyLevels(string model, string set, string name)
    {
        var reference = ReferenceCase.Load(model, set, name);
        var image = Img2ImgPipeline.Render(models[model], new Img2ImgRequest { Settings = reference.Settings, InitImage = reference.InitImage });
        int difference = ReferenceCase.LargestDifference(image.Pixels, reference.Expected);
        Assert.True(difference <= 2, $"{reference}: {difference} grey levels from the torch reference");
    }
}

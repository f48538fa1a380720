using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Families;

/// <summary>-LowMemory runs guidance's halves one at a time and renders the same image, on SD 1.5 and on SDXL's extra inputs.</summary>
public sealed class LowMemoryTests(FixtureModels models) : IClassFixture<FixtureModels>
{
    [Theory]
    [InlineData("tiny-sd-lp", "tiny-sd", "lms-s06")]
    [InlineData("tiny-sdxl", "tiny-sdxl", "sdxl-lms-negative")]
    public void HalvesOneAtATimeRenderTheSameImage(string model, string set, string name)
    {
        var reference = ReferenceCase.Load(model, set, name);
        var batched = Img2ImgPipeline.Render(models[model], new Img2ImgRequest { Settings = reference.Settings, InitImage = reference.InitImage });
        var halves = Img2ImgPipeline.Render(models[model], new Img2ImgRequest { Settings = reference.Settings, InitImage = reference.InitImage, LowMemory = true });
        Assert.True(ReferenceCase.LargestDifference(halves.Pixels, batched.Pixels) <= 1);
        Assert.True(ReferenceCase.LargestDifference(halves.Pixels, reference.Expected) <= 2);
        Assert.Equal(batched.Settings, halves.Settings);
    }
}

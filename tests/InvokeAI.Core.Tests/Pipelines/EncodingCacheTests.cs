using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>A batch that repeats a prompt or an init image runs the encoders once for it, and renders the same pixels.</summary>
public sealed class EncodingCacheTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    private Img2ImgRequest Request(string prompt, RgbaImage init, uint seed, bool vaeSample = false) => new()
    {
        Settings = new RenderSettings { Prompt = prompt, NegativePrompt = $"{prompt} negative", Seed = seed, Steps = 6, Strength = 0.6, VaeSample = vaeSample ? true : null },
        InitImage = init,
    };

    [Fact]
    public void ARepeatedPromptAndInitImageAreEncodedOnce()
    {
        var caches = EncodingCaches.Of(demo.Model);
        // Text and pixels no other test uses, so the counts are this test's own.
        string prompt = $"fire {Guid.NewGuid():N}";
        var init = DemoModelFixture.Gradient(64, 64, (17, 99, 201), (240, 12, 77));
        int prompts = caches.Chunks.Misses, latents = caches.InitLatents.Misses;

        var first = Img2ImgPipeline.Render(demo.Model, Request(prompt, init, seed: 1));
        Assert.Equal((prompts + 2, latents + 1), (caches.Chunks.Misses, caches.InitLatents.Misses));

        var again = Img2ImgPipeline.Render(demo.Model, Request(prompt, init, seed: 1));
        var otherSeed = Img2ImgPipeline.Render(demo.Model, Request(prompt, init, seed: 2));
        Assert.Equal((prompts + 2, latents + 1), (caches.Chunks.Misses, caches.InitLatents.Misses));
        Assert.Equal(first.Pixels.Pixels, again.Pixels.Pixels);
        Assert.NotEqual(first.Pixels.Pixels, otherSeed.Pixels.Pixels);
    }

    [Fact]
    public void AnotherImageOrSizeIsEncodedAgain()
    {
        var caches = EncodingCaches.Of(demo.Model);
        var init = DemoModelFixture.Gradient(128, 64, (3, 200, 9), (90, 1, 250));
        int latents = caches.InitLatents.Misses;
        Img2ImgPipeline.Render(demo.Model, Request("fire", init, seed: 1));
        Img2ImgPipeline.Render(demo.Model, Request("fire", init, seed: 1) with { Settings = Request("fire", init, 1).Settings with { Width = 64 } });
        Assert.Equal(latents + 2, caches.InitLatents.Misses);
    }

    [Fact]
    public void TheCacheForgetsItsLeastRecentlyUsedEntry()
    {
        var cache = new BoundedCache<int, string>(2);
        cache.GetOrAdd(1, () => "one");
        cache.GetOrAdd(2, () => "two");
        cache.GetOrAdd(1, () => "made again");
        cache.GetOrAdd(3, () => "three");
        Assert.Equal("one", cache.GetOrAdd(1, () => "made again"));
        Assert.Equal("two again", cache.GetOrAdd(2, () => "two again"));
        Assert.Equal(4, cache.Misses);
    }
}

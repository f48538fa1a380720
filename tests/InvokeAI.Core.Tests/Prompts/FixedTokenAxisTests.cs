using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Tests.Pipelines;
using InvokeAI.DemoModel;

namespace InvokeAI.Core.Tests.Prompts;

/// <summary>The demo variant whose UNet fixes encoder_hidden_states' token axis at 77, as a static export does.</summary>
public sealed class FixedPromptLengthDemo() : DemoModelFixture(new DemoModelOptions { FixedPromptLength = true });

/// <summary>
/// A UNet with a fixed token axis takes one chunk: a longer prompt renders with its end dropped and a warning, a
/// BREAK that needs a second chunk is an error, and the model reports the fixed length.
/// </summary>
public sealed class FixedTokenAxisTests(FixedPromptLengthDemo fixedDemo, DemoModelFixture demo)
    : IClassFixture<FixedPromptLengthDemo>, IClassFixture<DemoModelFixture>
{
    private static readonly string HundredReds = string.Join(' ', Enumerable.Repeat("red", 100));

    private DiffusionImage Render(string prompt, RecordingObserver observer, string? negative = null) =>
        Img2ImgPipeline.Render(fixedDemo.Model, new Img2ImgRequest
        {
            Settings = new RenderSettings { Prompt = prompt, NegativePrompt = negative, Seed = 7, Steps = 4, Strength = 0.5, CfgScale = 7.5 },
            InitImage = DemoModelFixture.Gradient(64, 64, (30, 60, 200), (60, 90, 220)),
        }, observer);

    [Fact]
    public void TheModelReportsAFixedLengthOnlyWhenItsUnetHasOne()
    {
        Assert.Equal((77, 1), (fixedDemo.Model.FixedPromptLength!.Tokens, fixedDemo.Model.FixedPromptLength.Chunks));
        Assert.Null(demo.Model.FixedPromptLength);
    }

    [Fact]
    public void ALongPromptRendersWithItsEndDroppedAndAWarning()
    {
        var observer = new RecordingObserver();
        var image = Render(HundredReds, observer);

        Assert.Equal(64, image.Pixels.Width);
        string warning = Assert.Single(observer.Warnings, w => w.Contains("encoder_hidden_states", StringComparison.Ordinal));
        Assert.Contains("25 token(s)", warning);
        Assert.Contains("The prompt", warning);
    }

    [Fact]
    public void ALongNegativePromptIsCutTooAndSaysSo()
    {
        var observer = new RecordingObserver();
        Render("fire", observer, negative: string.Join(' ', Enumerable.Repeat("blue", 80)));
        string warning = Assert.Single(observer.Warnings, w => w.Contains("encoder_hidden_states", StringComparison.Ordinal));
        Assert.Contains("negative prompt", warning);
        Assert.Contains("5 token(s)", warning);
    }

    [Fact]
    public void APromptThatFitsGivesNoWarning()
    {
        var observer = new RecordingObserver();
        Render(string.Join(' ', Enumerable.Repeat("red", 75)), observer);
        Assert.DoesNotContain(observer.Warnings, w => w.Contains("encoder_hidden_states", StringComparison.Ordinal));
    }

    [Fact]
    public void ABreakThatNeedsASecondChunkIsAnError()
    {
        var error = Assert.Throws<RenderSettingException>(() => Render("fire BREAK ocean", new RecordingObserver()));
        Assert.Contains("encoder_hidden_states", error.Message);
        Assert.Equal(nameof(RenderSettings.Prompt), error.Setting);
    }

    [Fact]
    public void TheDefaultDemoTakesTheWholeLongPrompt()
    {
        var observer = new RecordingObserver();
        Img2ImgPipeline.Render(demo.Model, new Img2ImgRequest
        {
            Settings = new RenderSettings { Prompt = HundredReds, Seed = 7, Steps = 4, Strength = 0.5 },
            InitImage = DemoModelFixture.Gradient(64, 64, (30, 60, 200), (60, 90, 220)),
        }, observer);
        Assert.DoesNotContain(observer.Warnings, w => w.Contains("encoder_hidden_states", StringComparison.Ordinal));
    }
}

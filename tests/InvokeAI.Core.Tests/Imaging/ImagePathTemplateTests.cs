using InvokeAI.Core.Imaging.Naming;

namespace InvokeAI.Core.Tests.Imaging;

public sealed class ImagePathTemplateTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Slashed(string path) => path.Replace(Path.DirectorySeparatorChar, '/');

    [Theory]
    [InlineData("{stem}-{seed}.jpg", "house-42.jpg")]
    [InlineData("{counter}.png", "000007.png")]
    [InlineData("{counter:000}.png", "007.png")]
    [InlineData("{counter:0}.png", "7.png")]
    [InlineData("{COUNTER:00}-{Seed}.png", "07-42.png")]
    [InlineData("{stem}/{step}.png", "house/3.png")]
    [InlineData("{prompt}.webp", "fire.webp")]
    [InlineData("plain.png", "plain.png")]
    [InlineData("{{seed}}.png", "{42}.png")]
    public void FillsThePlaceholders(string template, string expected) =>
        Assert.Equal(expected, Slashed(ImagePathTemplate.Parse(template).Expand(TestImages.Rendered(step: 3), counter: 7)));

    [Fact]
    public void CounterWiderThanItsFormatKeepsAllItsDigits() =>
        Assert.Equal("1234.png", ImagePathTemplate.Parse("{counter:00}.png").Expand(TestImages.Rendered(), counter: 1234));

    [Theory]
    [InlineData("renders/{stem}.png", "renders/", "house.png")]
    [InlineData("renders/out/{stem}/{seed}.png", "renders/out/", "house/42.png")]
    [InlineData("renders/fixed.png", "renders/", "fixed.png")]
    [InlineData("/abs/{seed}.png", "/abs/", "42.png")]
    [InlineData("/{seed}.png", "/", "42.png")]
    [InlineData("x{seed}/a.png", "", "x42/a.png")]
    [InlineData("{seed}.png", "", "42.png")]
    public void SplitsTheFixedFolderFromTheRest(string template, string fixedDirectory, string rest)
    {
        var parsed = ImagePathTemplate.Parse(template);
        Assert.Equal(fixedDirectory, parsed.FixedDirectory);
        Assert.Equal(rest, Slashed(parsed.Expand(TestImages.Rendered())));
    }

    [Fact]
    public void StemIsImageWhenTheImageCameFromNoFile() =>
        Assert.Equal("image.png", ImagePathTemplate.Parse("{stem}.png").Expand(TestImages.Rendered(source: null)));

    [Fact]
    public void ValuesNeverAddSeparatorsOrCharactersWindowsRefuses()
    {
        var image = TestImages.Rendered(prompt: "a/b\\c: <d>? \"e\" | f*", source: "/in/we:ird?.png");
        Assert.Equal("a_b_c_ _d__ _e_ _ f_-we_ird_.png", ImagePathTemplate.Parse("{prompt}-{stem}.png").Expand(image));
    }

    [Theory]
    [InlineData("{seed}.png", "seed")]
    [InlineData("{step}.png", "step")]
    public void AMissingNumberIsAnErrorNamingThePlaceholder(string template, string placeholder)
    {
        var error = Assert.Throws<ImagePathValueMissingException>(() =>
            ImagePathTemplate.Parse(template).Expand(TestImages.Rendered(seed: null, step: null)));
        Assert.Equal(placeholder, error.Placeholder);
        Assert.Contains(template, error.Message);
    }

    [Theory]
    [InlineData("{colour}.png", "unknown placeholder {colour}")]
    [InlineData("{seed:000}.png", "only {counter} takes one")]
    [InlineData("{counter:###}.png", "other than zeros")]
    [InlineData("{counter:}.png", "other than zeros")]
    [InlineData("{counter}-{counter}.png", "2 {counter}")]
    [InlineData("{counter}/a.png", "in a folder name")]
    [InlineData("renders/", "names a folder")]
    [InlineData("{stem}/", "names a folder")]
    public void RefusesTemplatesItCannotUse(string template, string reason)
    {
        var error = Assert.Throws<ImagePathTemplateException>(() => ImagePathTemplate.Parse(template));
        Assert.Contains(reason, error.Message);
        Assert.Equal(template, error.Template);
    }

    [Fact]
    public void HighestCounterReadsOnlyFilesThatMatchTheTemplate()
    {
        _folder.Touch("house-012-7.png");
        _folder.Touch("tree-041-99.png");   // another stem and seed share the counter
        _folder.Touch("house-900.png");     // no seed: not this template
        _folder.Touch("house-500-7.jpg");   // another extension
        _folder.Touch("house-07-7.png");    // fewer digits than the format
        Assert.Equal(41, ImagePathTemplate.Parse("{stem}-{counter:000}-{seed}.png").HighestCounter(_folder.Path));
    }

    [Fact]
    public void HighestCounterIsZeroForAMissingFolderOrATemplateWithoutCounter()
    {
        Assert.Equal(0, ImagePathTemplate.Parse("{counter}.png").HighestCounter(_folder.File("missing")));
        _folder.Touch("000009.png");
        Assert.Equal(0, ImagePathTemplate.Parse("{seed}.png").HighestCounter(_folder.Path));
        Assert.False(ImagePathTemplate.Parse("{seed}.png").HasCounter);
    }
}

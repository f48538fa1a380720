using InvokeAI.Core.Imaging.Naming;

namespace InvokeAI.Core.Tests.Imaging;

public sealed class ImageFileNamerTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private ImageFileNamer Template(string template, string? directory = null)
    {
        var parsed = ImagePathTemplate.Parse(template);
        string boundary = directory ?? _folder.Path;
        return ImageFileNamer.FromTemplate(parsed, Path.Combine(boundary, parsed.FixedDirectory), boundary);
    }

    [Fact]
    public void InvokeAINamesContinueTheFolderCounterAndCountOnInMemory()
    {
        _folder.Touch("000041.99.png");
        var namer = ImageFileNamer.InvokeAI(_folder.Path);
        Assert.Equal(_folder.File("000042.42.png"), namer.NextPath(TestImages.Rendered()));
        Assert.Equal(_folder.File("000043.png"), namer.NextPath(TestImages.Rendered(seed: null)));
    }

    [Fact]
    public void ATemplateCounterContinuesFromTheFilesThatMatchIt()
    {
        _folder.Touch("house-004.png");
        _folder.Touch("000099.1.png"); // InvokeAI's names are not this template's
        var namer = Template("{stem}-{counter:000}.png");
        Assert.Equal(_folder.File("house-005.png"), namer.NextPath(TestImages.Rendered()));
        Assert.Equal(_folder.File("tree-006.png"), namer.NextPath(TestImages.Rendered(source: "tree.png")));
    }

    [Fact]
    public void CountersSkipNamesAlreadyClaimedOrOnDisk()
    {
        var namer = Template("{counter:0}-{stem}.png");
        _folder.Touch("2-tree.png"); // does not end in house, but the template matches any stem: counter starts at 3
        string first = namer.NextPath(TestImages.Rendered());
        Assert.Equal(_folder.File("3-house.png"), first);
        namer.Claim(first);
        _folder.Touch("4-house.png"); // appeared meanwhile
        Assert.Equal(_folder.File("5-house.png"), namer.NextPath(TestImages.Rendered()));
    }

    [Fact]
    public void CountersArePerFolder()
    {
        _folder.Touch("house/007.png");
        var namer = Template("{stem}/{counter:000}.png");
        Assert.Equal(_folder.File("house/008.png"), namer.NextPath(TestImages.Rendered()));
        Assert.Equal(_folder.File("tree/001.png"), namer.NextPath(TestImages.Rendered(source: "tree.jpg")));
        Assert.Equal(_folder.File("house/009.png"), namer.NextPath(TestImages.Rendered()));
    }

    [Fact]
    public void WithoutCounterTheSameNameComesBackAndIsReportedAsClaimed()
    {
        var namer = Template("{stem}.png");
        string first = namer.NextPath(TestImages.Rendered());
        Assert.False(namer.IsClaimed(first));
        namer.Claim(first);
        string second = namer.NextPath(TestImages.Rendered(seed: 7));
        Assert.Equal(first, second);
        Assert.True(namer.IsClaimed(second));
    }

    [Theory]
    [InlineData("../{seed}.png", null)]
    [InlineData("sub/../../{seed}.png", null)]
    [InlineData("{stem}/../../x.png", null)]
    [InlineData("/elsewhere/{seed}.png", null)]
    [InlineData("{stem}/x.png", "..")]   // a whole-segment value of dots
    [InlineData("../{stem}.png", "house")]
    public void APathThatLeavesTheDirectoryIsAnError(string template, string? stem)
    {
        var image = stem is null ? TestImages.Rendered() : TestImages.Rendered(source: $"/in/{stem}.png");
        var error = Assert.Throws<ImagePathOutsideDirectoryException>(() => Template(template).NextPath(image));
        Assert.False(PathContainment.IsInside(error.Path, _folder.Path));
        Assert.Equal(_folder.Path, error.Directory);
    }

    [Theory]
    [InlineData("sub/../{seed}.png", "42.png")]
    [InlineData("{stem}/../{seed}.png", "42.png")]
    [InlineData("./a/{seed}.png", "a/42.png")]
    public void DotsThatStayInsideAreFine(string template, string expected) =>
        Assert.Equal(_folder.File(expected), Template(template).NextPath(TestImages.Rendered()));

    [Fact]
    public void SeparatorsInValuesStayInTheFileName()
    {
        var image = TestImages.Rendered(prompt: "../../etc/passwd");
        Assert.Equal(_folder.File(".._.._etc_passwd.png"), Template("{prompt}.png").NextPath(image));
    }

    [Fact]
    public void ARootedTemplateInsideTheDirectoryIsFine()
    {
        string template = Path.Combine(_folder.Path, "abs", "{seed}.png");
        Assert.Equal(_folder.File("abs/42.png"), Template(template).NextPath(TestImages.Rendered()));
    }

    [Theory]
    [InlineData("/a/b/c.png", "/a/b", true)]
    [InlineData("/a/b/c/d.png", "/a/b/", true)]
    [InlineData("/a/bc.png", "/a/b", false)]
    [InlineData("/a/b", "/a/b", false)]
    [InlineData("/x.png", "/", true)]
    public void ContainmentComparesWholeFolderNames(string path, string directory, bool inside)
    {
        if (OperatingSystem.IsWindows()) return; // rooted Unix paths; Windows paths are covered by the template tests
        Assert.Equal(inside, PathContainment.IsInside(path, directory));
    }
}

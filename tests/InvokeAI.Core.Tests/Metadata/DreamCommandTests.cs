using InvokeAI.Core.Metadata;
using InvokeAI.Core.Noise;

namespace InvokeAI.Core.Tests.Metadata;

public sealed class DreamCommandTests
{
    [Fact]
    public void WritesInvokeAIsCommandLine()
    {
        Assert.Equal(
            "\"fire on a hill [smoke]\" -s 50 -S 1592514025 -W 64 -H 128 -C 7.5 -A k_dpmpp_2m -f 0.75 -I \"/sketches/fire place.png\" -V 42:0.1,7:0.25",
            DreamCommand.Write(SampleRecords.Render()));
    }

    [Fact]
    public void LeavesOutWhatTheImageDoesNotHave()
    {
        var image = SampleRecords.Render(negative: "", source: null);
        image = image with { Settings = image.Settings with { Variations = [], Strength = null }, InitImageHash = null };
        Assert.Equal("\"fire on a hill\" -s 50 -S 1592514025 -W 64 -H 128 -C 7.5 -A k_dpmpp_2m", DreamCommand.Write(image));
    }

    [Theory]
    [InlineData("a \"quoted\" word", @"C:\sketches\my sketch.png")]
    [InlineData(@"back\slash \"" and 'single'", "/plain/path.png")]
    [InlineData("-starts with a dash", "-odd.png")]
    [InlineData("café, ünïcode", @"C:\no-spaces\a.png")]
    public void QuotingSurvivesTheRoundTrip(string prompt, string path)
    {
        var record = SampleRecords.Render(prompt, negative: "", source: path);
        var back = DreamCommand.Parse(DreamCommand.Write(record));
        Assert.NotNull(back);
        Assert.Equal(prompt, back.Settings.Prompt);
        Assert.Equal(path, back.InitImagePath);
    }

    [Fact]
    public void ReadsBackWhatItWrote()
    {
        var back = DreamCommand.Parse(DreamCommand.Write(SampleRecords.Render()));
        Assert.NotNull(back);
        Assert.Equal(MetadataFormats.InvokeAI, back.Format);
        Assert.Equal("fire on a hill", back.Settings.Prompt);
        Assert.Equal("smoke", back.Settings.NegativePrompt);
        Assert.Equal(1592514025UL, back.Settings.Seed);
        Assert.Equal(50, back.Settings.Steps);
        Assert.Equal(7.5, back.Settings.CfgScale);
        Assert.Equal(0.75, back.Settings.Strength);
        Assert.Equal("k_dpmpp_2m", back.Settings.Sampler);
        Assert.Equal((64, 128), (back.Settings.Width, back.Settings.Height));
        Assert.Equal([new SeedWeight(42, 0.1), new SeedWeight(7, 0.25)], back.Settings.Variations);
    }

    [Fact]
    public void ReadsInvokeAIsOwnLinesAndSkipsOptionsItDoesNotKnow()
    {
        var back = DreamCommand.Parse("\"a lighthouse [fog, blur]\" -s 30 -S 42 -W 512 -H 768 -C 7.0 -A k_euler_a -I init.png -f 0.6 -U 2 0.75 --fit -G 0.8");
        Assert.NotNull(back);
        Assert.Equal("a lighthouse", back.Settings.Prompt);
        Assert.Equal("fog, blur", back.Settings.NegativePrompt);
        Assert.Equal((30, 42UL, 7.0, "k_euler_a", 0.6), (back.Settings.Steps!.Value, back.Settings.Seed!.Value, back.Settings.CfgScale!.Value, back.Settings.Sampler, back.Settings.Strength!.Value));
        Assert.Equal((512, 768), (back.Settings.Width, back.Settings.Height));
        Assert.Empty(back.Settings.Variations!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-s 50 -S 1")]
    public void ALineWithoutAPromptIsNotADreamLine(string line) => Assert.Null(DreamCommand.Parse(line));
}

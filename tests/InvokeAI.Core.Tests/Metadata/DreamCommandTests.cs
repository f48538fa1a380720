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
            DreamCommand.Write(SampleRecords.Record()));
    }

    [Fact]
    public void LeavesOutWhatTheImageDoesNotHave()
    {
        var record = SampleRecords.Record(negative: "", source: null) with { Variations = [], InitImage = null, Strength = null };
        Assert.Equal("\"fire on a hill\" -s 50 -S 1592514025 -W 64 -H 128 -C 7.5 -A k_dpmpp_2m", DreamCommand.Write(record));
    }

    [Theory]
    [InlineData("a \"quoted\" word", @"C:\sketches\my sketch.png")]
    [InlineData(@"back\slash \"" and 'single'", "/plain/path.png")]
    [InlineData("-starts with a dash", "-odd.png")]
    [InlineData("café, ünïcode", @"C:\no-spaces\a.png")]
    public void QuotingSurvivesTheRoundTrip(string prompt, string path)
    {
        var record = SampleRecords.Record(prompt, negative: "", source: path);
        var back = DreamCommand.Parse(DreamCommand.Write(record));
        Assert.NotNull(back);
        Assert.Equal(prompt, back.Prompt);
        Assert.Equal(path, back.InitImagePath);
    }

    [Fact]
    public void ReadsBackWhatItWrote()
    {
        var back = DreamCommand.Parse(DreamCommand.Write(SampleRecords.Record()));
        Assert.NotNull(back);
        Assert.Equal(MetadataFormats.InvokeAI, back.Format);
        Assert.Equal("fire on a hill", back.Prompt);
        Assert.Equal("smoke", back.NegativePrompt);
        Assert.Equal(1592514025UL, back.Seed);
        Assert.Equal(50, back.Steps);
        Assert.Equal(7.5, back.CfgScale);
        Assert.Equal(0.75, back.Strength);
        Assert.Equal("k_dpmpp_2m", back.Sampler);
        Assert.Equal((64, 128), (back.Width, back.Height));
        Assert.Equal([new SeedWeight(42, 0.1), new SeedWeight(7, 0.25)], back.Variations);
    }

    [Fact]
    public void ReadsInvokeAIsOwnLinesAndSkipsOptionsItDoesNotKnow()
    {
        var back = DreamCommand.Parse("\"a lighthouse [fog, blur]\" -s 30 -S 42 -W 512 -H 768 -C 7.0 -A k_euler_a -I init.png -f 0.6 -U 2 0.75 --fit -G 0.8");
        Assert.NotNull(back);
        Assert.Equal("a lighthouse", back.Prompt);
        Assert.Equal("fog, blur", back.NegativePrompt);
        Assert.Equal((30, 42UL, 7.0, "k_euler_a", 0.6), (back.Steps!.Value, back.Seed!.Value, back.CfgScale!.Value, back.Sampler, back.Strength!.Value));
        Assert.Equal((512, 768), (back.Width, back.Height));
        Assert.Empty(back.Variations!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-s 50 -S 1")]
    public void ALineWithoutAPromptIsNotADreamLine(string line) => Assert.Null(DreamCommand.Parse(line));
}

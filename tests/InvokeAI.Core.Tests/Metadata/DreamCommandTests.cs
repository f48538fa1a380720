using InvokeAI.Core.Metadata;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;

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

    [Theory]
    // argparse's compact one-letter form, as InvokeAI's first web UI wrote it (docs/assets/variation_walkthru, v2.2.5).
    [InlineData("\"xena\" -s50 -W512 -H512 -C7.5 -Ak_lms -S3357757885")]
    [InlineData("\"xena\" --steps=50 --width=512 --height=512 --cfg_scale=7.5 --sampler=k_lms --seed=3357757885")]
    [InlineData("\"xena\" -s 50 -W 512 -H 512 -C 7.5 -m k_lms -S 3357757885")]
    public void ReadsEverySpellingOfASwitch(string line)
    {
        var back = DreamCommand.Parse(line)!;
        Assert.Equal((50, 512, 512, 7.5, "k_lms", 3357757885UL),
            (back.Settings.Steps!.Value, back.Settings.Width!.Value, back.Settings.Height!.Value, back.Settings.CfgScale!.Value, back.Settings.Sampler, back.Settings.Seed!.Value));
    }

    [Theory]
    [InlineData("3647897225,0.1;1614299449,0.1", new[] { 3647897225u, 1614299449u })]
    [InlineData("3647897225:0.1,1614299449:0.1", new[] { 3647897225u, 1614299449u })]
    [InlineData("1614299449,0.1", new[] { 1614299449u })]
    public void ReadsVariationsInBothOfInvokeAIsForms(string variations, uint[] seeds)
    {
        var back = DreamCommand.Parse($"\"xena\" -s50 -S1 -V {variations}")!;
        Assert.Equal(seeds, back.Settings.Variations!.Select(v => v.Seed));
        Assert.All(back.Settings.Variations!, v => Assert.Equal(0.1, v.Weight));
    }

    [Fact]
    public void AnUnquotedPromptRunsToTheFirstSwitch_AsInvokeAI22WroteIt()
    {
        var back = DreamCommand.Parse("japanese gardener's hut -s 30 -S 2202748743 -W 512 -H 512 -C 7.5 -A k_euler_a")!;
        Assert.Equal("japanese gardener's hut", back.Settings.Prompt);
        Assert.Equal((30, 2202748743UL, "k_euler_a"), (back.Settings.Steps!.Value, back.Settings.Seed!.Value, back.Settings.Sampler));
    }

    [Fact]
    public void FitMaskAndKarrasMaxAreRead()
    {
        var back = DreamCommand.Parse("\"fire\" -s 34 -S 1 -I a.png -M hole.png -A k_lms --karras_max 40 --fit -f 0.7")!;
        Assert.True(back.Settings.Fit);
        Assert.Equal(("hole.png", MaskSource.Mask), (back.MaskPath, back.MaskSource!.Value));
        // 34 steps below --karras_max 40: InvokeAI 2.x took Karras σs.
        Assert.True(back.Settings.Karras);
        Assert.False(DreamCommand.Parse("\"fire\" -s 34 -S 1 -A k_lms --karras_max 30")!.Settings.Karras);
        Assert.Null(DreamCommand.Parse("\"fire\" -s 34 -S 1 -A ddim --karras_max 40")!.Settings.Karras);
    }

    [Fact]
    public void AnEmbeddedInitImageIsAFlag_NotAStringOfItsData()
    {
        string data = Convert.ToBase64String(new byte[300_000]);
        var back = DreamCommand.Parse($"\"a man\" -s50 -W512 -H512 -C7.5 -Ak_lms -Idata:image/png;base64,{data} --fit -f0.46 -G0.8 -S2439087110")!;
        Assert.True(back.InitImageEmbedded);
        Assert.Null(back.InitImagePath);
        Assert.Equal((0.46, 2439087110UL, true), (back.Settings.Strength!.Value, back.Settings.Seed!.Value, back.Settings.Fit!.Value));
        Assert.True(back.SourceText!.Length < 1000, $"SourceText keeps {back.SourceText.Length} characters");
        Assert.Contains($"({data.Length} characters left out)", back.SourceText);
    }

    [Theory]
    [InlineData("!mask ./test-pictures/curly.png -tm hair 0.5", RecordKind.Mask, "curly.png")]
    [InlineData("!fix \"test-pictures/curly.png\" -s 50 -S 942491079 -c top 64 right 64", RecordKind.Postprocessing, "curly.png")]
    [InlineData("<too lazy to implement>", RecordKind.Placeholder, "too lazy")]
    [InlineData("!history", RecordKind.Command, "!history")]
    public void InvokeAIsOtherLinesAreRecordsOfTheirKind_WithNoSettings(string line, RecordKind kind, string described)
    {
        var back = DreamCommand.Parse(line)!;
        Assert.Equal(kind, back.Kind);
        Assert.Contains(described, back.Description);
        Assert.Equal(RenderSettings.None, back.Settings);
    }

    [Fact]
    public void ARecordOfAnotherKindIsRefusedAsMetadata()
    {
        var record = DreamCommand.Parse("!mask ./curly.png -tm hair 0.5")! with { Path = "masked.png" };
        var refused = Assert.Throws<RecordNotARenderException>(() => new RenderSettingsResolver(new RenderSettings { Prompt = "x" }, record));
        Assert.Contains("masked.png", refused.Message);
        Assert.Contains("!mask", refused.Message);
    }
}

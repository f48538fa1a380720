using InvokeAI.Core.Metadata;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Tests.Imaging;

namespace InvokeAI.Core.Tests.Pipelines;

/// <summary>
/// How a call's settings are settled, without PowerShell: the command line over a recorded render over what each piped
/// item brings over the defaults, each source checked when it is known, and each problem blamed on its source.
/// </summary>
public sealed class RenderSettingsResolverTests
{
    private static ImageMetadata Record(RenderSettings settings, MaskSource? maskSource = null, string? maskPath = null) =>
        new() { Format = MetadataFormats.InvokeAIPowerShell, Settings = settings, MaskSource = maskSource, MaskPath = maskPath };

    private static RenderSettingException Refused(Action settle) => Assert.IsAssignableFrom<RenderSettingException>(Xunit.Record.Exception(settle));

    [Fact]
    public void TheCommandLineWinsThenTheRecordThenTheItemThenTheDefaults()
    {
        var resolver = new RenderSettingsResolver(
            new RenderSettings { Prompt = "fire", Steps = 20 },
            Record(new RenderSettings { Prompt = "snow", Steps = 30, Seed = 7, CfgScale = 5 }),
            itemsMayBringSettings: true);

        var settings = resolver.ForItem(new RenderSettings { Prompt = "rain", Seed = 9, Strength = 0.4 });

        Assert.Equal(("fire", 20, 7UL, 5.0, 0.4), (settings.Prompt, settings.Steps!.Value, settings.Seed!.Value, settings.CfgScale!.Value, settings.Strength!.Value));
        Assert.Equal(("k_lms", NoiseSource.Cpu, 4), (settings.Sampler, settings.NoiseSource!.Value, settings.MaskBlur!.Value));
        Assert.Equal(["Seed", "CfgScale"], resolver.TakenFromRecord);
    }

    [Fact]
    public void EachItemBringsItsOwnValues_ForItselfAlone()
    {
        var resolver = new RenderSettingsResolver(new RenderSettings { Steps = 20 }, itemsMayBringSettings: true);

        var first = resolver.ForItem(new RenderSettings { Prompt = "fire", Seed = 1, Strength = 0.7 });
        var second = resolver.ForItem(new RenderSettings { Prompt = "snow" });

        Assert.Equal(("fire", 1UL, 0.7), (first.Prompt, first.Seed!.Value, first.Strength!.Value));
        Assert.Equal(("snow", (ulong?)null, 0.75), (second.Prompt, second.Seed, second.Strength!.Value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void AnItemsBlankPromptIsNotGiven(string blank)
    {
        var resolver = new RenderSettingsResolver(new RenderSettings(), itemsMayBringSettings: true);

        var problem = Assert.Throws<PromptMissingException>(() => resolver.ForItem(new RenderSettings { Prompt = blank }));

        Assert.Contains("The piped object's Prompt is empty", problem.Message);
        Assert.Equal(SettingSource.Item, problem.Origin);
    }

    /// <summary>
    /// An object without a prompt after objects that brought theirs (a JSON row whose Prompt is null) fails alone; a
    /// stream whose first object has none is the call's omission, as a stream of files has none in any of them.
    /// </summary>
    [Fact]
    public void AMissingPromptFailsItsItemAloneOnceItemsHaveBroughtPrompts()
    {
        var resolver = new RenderSettingsResolver(new RenderSettings(), itemsMayBringSettings: true);
        Assert.Equal(SettingSource.Given, Assert.Throws<PromptMissingException>(() => resolver.ForItem(RenderSettings.None)).Origin);
        resolver.ForItem(new RenderSettings { Prompt = "red" });
        Assert.Equal(SettingSource.Item, Assert.Throws<PromptMissingException>(() => resolver.ForItem(RenderSettings.None)).Origin);
    }

    [Fact]
    public void AnEmptyPromptGivenOnTheCommandLineIsAPrompt()
    {
        var resolver = new RenderSettingsResolver(new RenderSettings { Prompt = "" }, itemsMayBringSettings: true);

        Assert.Equal("", resolver.ForItem(new RenderSettings { Prompt = "ignored" }).Prompt);
    }

    [Fact]
    public void WithoutAPromptAnywhereACallStopsBeforeItStarts_OrAtTheFirstItemWithoutOne()
    {
        Assert.Contains("Give -Prompt.", Assert.Throws<PromptMissingException>(() => new RenderSettingsResolver(new RenderSettings())).Message);
        Assert.Contains("The -Metadata has no prompt",
            Assert.Throws<PromptMissingException>(() => new RenderSettingsResolver(new RenderSettings(), Record(new RenderSettings { Seed = 1 }))).Message);

        var resolver = new RenderSettingsResolver(new RenderSettings(), itemsMayBringSettings: true);
        Assert.Contains("pipe objects that have a Prompt property", Assert.Throws<PromptMissingException>(() => resolver.ForItem(new RenderSettings())).Message);
    }

    [Fact]
    public void StepsAndDenoiseStepsTogetherAreRefused()
    {
        var problem = Refused(() => _ = new RenderSettingsResolver(new RenderSettings { Prompt = "fire", Steps = 10, DenoiseSteps = 5 }));
        Assert.Equal(("DenoiseSteps", SettingSource.Given), (problem.Setting, problem.Origin));
    }

    [Fact]
    public void DenoiseStepsOnTheCommandLineLeavesTheRecordsStepsOut()
    {
        var resolver = new RenderSettingsResolver(new RenderSettings { DenoiseSteps = 20 }, Record(new RenderSettings { Prompt = "fire", Steps = 30 }));

        var settings = resolver.ForItem(RenderSettings.None);

        Assert.Equal((20, 50), (settings.DenoiseSteps!.Value, settings.Steps!.Value));
        Assert.DoesNotContain("Steps", resolver.TakenFromRecord);
    }

    [Fact]
    public void TheRecordsKarrasAndEtaComeOnlyWhereTheSamplerInUseTakesThem()
    {
        var record = Record(new RenderSettings { Prompt = "fire", Sampler = "k_euler", Karras = true });
        Assert.True(new RenderSettingsResolver(RenderSettings.None, record).ForItem(RenderSettings.None).Karras);
        Assert.False(new RenderSettingsResolver(new RenderSettings { Sampler = "ddim" }, record).ForItem(RenderSettings.None).Karras);

        var ddim = Record(new RenderSettings { Prompt = "fire", Sampler = "ddim", Eta = 0.5 });
        Assert.Equal(0.5, new RenderSettingsResolver(RenderSettings.None, ddim).ForItem(RenderSettings.None).Eta);
        Assert.Equal(0.0, new RenderSettingsResolver(new RenderSettings { Sampler = "k_lms" }, ddim).ForItem(RenderSettings.None).Eta);
    }

    [Fact]
    public void TheRecordsSamplerIsTakenByItsCanonicalName()
    {
        var settings = new RenderSettingsResolver(RenderSettings.None, Record(new RenderSettings { Prompt = "fire", Sampler = "EulerAncestral" }))
            .ForItem(RenderSettings.None);
        Assert.Equal("k_euler_a", settings.Sampler);
    }

    [Theory]
    [InlineData("Sampler", "DPM++ SDE", "which renders here do not have; give -Sampler")]
    [InlineData("Seed", 5_000_000_000UL, "above 4294967295, the largest seed renders take; give -Seed")]
    [InlineData("Steps", 5000, "The metadata's Steps 5000 is outside 1 to 1000; give -Steps")]
    [InlineData("CfgScale", 150.0, "The metadata's CfgScale 150 is outside 0 to 100; give -CfgScale")]
    public void ARecordedValueRendersCannotUseIsTheRecordsProblem_UnlessTheCommandLineReplacesIt(string setting, object value, string message)
    {
        var recorded = new RenderSettings { Prompt = "fire" };
        typeof(RenderSettings).GetProperty(setting)!.SetValue(recorded, value is int steps ? steps : value);

        var problem = Refused(() => _ = new RenderSettingsResolver(RenderSettings.None, Record(recorded)));
        Assert.Equal((setting, SettingSource.Recorded), (problem.Setting, problem.Origin));
        Assert.Contains(message, problem.Message);

        var replacement = new RenderSettings { Sampler = "k_lms", Seed = 1, Steps = 10, CfgScale = 7 };
        Assert.NotNull(new RenderSettingsResolver(replacement, Record(recorded)).ForItem(RenderSettings.None));
    }

    [Fact]
    public void ARecordWithoutVariationsLeavesTheItemsTheirs()
    {
        var resolver = new RenderSettingsResolver(RenderSettings.None, Record(new RenderSettings { Prompt = "fire", Variations = [] }), itemsMayBringSettings: true);

        var settings = resolver.ForItem(new RenderSettings { Variations = [new SeedWeight(3, 0.2)] });

        Assert.Equal([new SeedWeight(3, 0.2)], settings.Variations);
    }

    [Fact]
    public void ACombinationNoItemCanMendStopsTheCall()
    {
        var problem = Refused(() => _ = new RenderSettingsResolver(new RenderSettings { Prompt = "fire", Sampler = "ddim", Karras = true }, itemsMayBringSettings: true));
        Assert.Equal(("Karras", SettingSource.Given), (problem.Setting, problem.Origin));
    }

    [Fact]
    public void StrengthRulesWaitForEachItem_AndBlameWhoeverBroughtTheStrength()
    {
        // One step: no strength below 1 takes a denoising step, but an item may bring strength 1.
        var resolver = new RenderSettingsResolver(new RenderSettings { Prompt = "fire", Steps = 1 }, itemsMayBringSettings: true);

        // The model is known (an SD 1.x model brings no settings of its own), so its sampler is k_lms.
        var sd1 = RenderSettings.None;
        Assert.Equal(1.0, resolver.ForItem(new RenderSettings { Strength = 1 }, sd1).Strength);
        var itemsOwn = Refused(() => resolver.ForItem(new RenderSettings { Strength = 0.5 }, sd1));
        Assert.Equal(("Steps", SettingSource.Item), (itemsOwn.Setting, itemsOwn.Origin));
        // An item without a strength gets the default, 0.75, which the command line's one step cannot take.
        var commandLines = Refused(() => resolver.ForItem(RenderSettings.None, sd1));
        Assert.Equal(("Steps", SettingSource.Given), (commandLines.Setting, commandLines.Origin));
    }

    [Fact]
    public void WithoutItemsTheStrengthRulesAreCheckedAtOnce_WhenTheSamplerIsGiven()
    {
        var problem = Refused(() => _ = new RenderSettingsResolver(new RenderSettings { Prompt = "fire", Steps = 1, Sampler = "k_lms" }));
        Assert.Equal(("Steps", SettingSource.Given), (problem.Setting, problem.Origin));
    }

    /// <summary>
    /// Without a sampler given, the model may bring lcm (which runs every step whatever the strength), so the rule
    /// waits for the model: an LCM model's defaults pass, any other model's do not.
    /// </summary>
    [Fact]
    public void StrengthRulesWaitForTheModelWhenItMayChooseTheSampler()
    {
        var resolver = new RenderSettingsResolver(new RenderSettings { Prompt = "fire", Steps = 1 });
        Assert.Equal("lcm", resolver.ForItem(RenderSettings.None, new RenderSettings { Sampler = "lcm" }).Sampler);
        var problem = Refused(() => resolver.ForItem(RenderSettings.None, RenderSettings.None));
        Assert.Equal(("Steps", SettingSource.Given), (problem.Setting, problem.Origin));
    }

    /// <summary>A cmdlet's item repeats what the command line bound to a by-property parameter: that is still the call's value.</summary>
    [Fact]
    public void AValueTheItemRepeatsFromTheCommandLineIsTheCallsFault()
    {
        var resolver = new RenderSettingsResolver(new RenderSettings { Prompt = "fire", Steps = 1, Strength = 0.5 }, itemsMayBringSettings: true);
        var problem = Refused(() => resolver.ForItem(new RenderSettings { Strength = 0.5 }, RenderSettings.None));
        Assert.Equal(("Steps", SettingSource.Given), (problem.Setting, problem.Origin));
    }

    [Fact]
    public void AnItemsValueOutsideItsRangeFailsThatItem()
    {
        var resolver = new RenderSettingsResolver(new RenderSettings { Prompt = "fire" }, itemsMayBringSettings: true);
        var problem = Refused(() => resolver.ForItem(new RenderSettings { Seed = 1UL << 40 }));
        Assert.Equal(("Seed", SettingSource.Item), (problem.Setting, problem.Origin));
    }

    [Fact]
    public void TheRecordsMaskFileIsReadAgainWhenItStillExists_ElseTheUserIsTold()
    {
        using var folder = new ScratchFolder();
        string mask = folder.Touch("mask.png");
        var settings = new RenderSettings { Prompt = "fire" };

        Assert.Equal(mask, new RenderSettingsResolver(RenderSettings.None, Record(settings, MaskSource.Mask, mask)).RecordedMaskFile);
        Assert.Null(new RenderSettingsResolver(RenderSettings.None, Record(settings, MaskSource.Mask, mask), maskGiven: true).RecordedMaskFile);
        Assert.Null(new RenderSettingsResolver(RenderSettings.None, Record(settings, MaskSource.Transparency)).RecordedMaskFile);

        var gone = new RenderSettingsResolver(RenderSettings.None, Record(settings, MaskSource.Mask, folder.File("gone.png")));
        Assert.Null(gone.RecordedMaskFile);
        Assert.Contains("no longer exists: give -Mask", Assert.Single(gone.Warnings));
        var imageObject = new RenderSettingsResolver(RenderSettings.None, Record(settings, MaskSource.Mask));
        Assert.Contains("-Mask image object, which the record cannot bring back", Assert.Single(imageObject.Warnings));
    }
}

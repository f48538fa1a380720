using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Tests.Metadata;

/// <summary>A render from the module's own record is told apart from the recorded one by the facts the record keeps.</summary>
public sealed class ReRenderDifferencesTests
{
    private static readonly ImageMetadata Recorded = RenderRecordJson.TryRead(RenderRecordJson.Write(SampleRecords.Render()))!;
    private static readonly string InitHash = new('a', 64), MaskHash = new('b', 64);
    private const string ModelPath = "/models/stable-diffusion-v1-5-onnx";

    /// <summary>A re-render of the recorded render (<see cref="SampleRecords"/>), with the facts it is compared by.</summary>
    private static DiffusionImage Rendered(string? initImageHash = null, string? maskHash = null, bool inpainted = true,
        string model = ModelPath) => new()
    {
        Pixels = new RgbaImage(8, 8),
        Settings = new() { Prompt = "fire on a hill", Seed = 1592514025 },
        InitImageHash = initImageHash ?? InitHash,
        Inpainted = inpainted,
        MaskHash = inpainted ? maskHash ?? MaskHash : null,
        Model = model,
    };

    [Fact]
    public void ARenderThatRepeatsTheRecordedOneDiffersInNothing() =>
        Assert.Empty(ReRenderDifferences.Between(Recorded, Rendered()));

    [Fact]
    public void AnotherInitImageIsNamed()
    {
        var render = Rendered(initImageHash: new string('d', 64));

        var difference = Assert.Single(ReRenderDifferences.Between(Recorded, render));
        Assert.Equal(ReRenderDifferenceKind.InitImage, difference.Kind);
        Assert.Equal("the init image is not the recorded one (its pixels' hash is dddddddddddd, the record's aaaaaaaaaaaa)", difference.Description);
    }

    [Fact]
    public void AnotherMaskIsNamed()
    {
        var render = Rendered(maskHash: new string('e', 64));

        var difference = Assert.Single(ReRenderDifferences.Between(Recorded, render));
        Assert.Equal(ReRenderDifferenceKind.Mask, difference.Kind);
        Assert.Contains("the mask is not the recorded one", difference.Description);
    }

    [Fact]
    public void AMissingMaskIsNamedWithWhereTheRecordedOneCameFrom()
    {
        var render = Rendered(inpainted: false);

        Assert.Equal("the recorded render inpainted with a -Mask, this one had no mask",
            Assert.Single(ReRenderDifferences.Between(Recorded, render)).Description);
        Assert.Equal("the recorded render inpainted the init image's transparent pixels, this one had none",
            Assert.Single(ReRenderDifferences.Between(Recorded with { MaskSource = MaskSource.Transparency }, render)).Description);
    }

    [Fact]
    public void InpaintingWhereTheRecordedRenderDidNotIsNamed()
    {
        var plain = Recorded with { Inpainted = false, MaskHash = null };

        var difference = Assert.Single(ReRenderDifferences.Between(plain, Rendered()));
        Assert.Equal(ReRenderDifferenceKind.Inpainting, difference.Kind);
        Assert.Equal("this render inpainted but the recorded one did not", difference.Description);
    }

    [Fact]
    public void AnotherModelIsNamed()
    {
        var render = Rendered(model: "/models/other");

        var difference = Assert.Single(ReRenderDifferences.Between(Recorded, render));
        Assert.Equal(ReRenderDifferenceKind.Model, difference.Kind);
        Assert.Equal("the model is '/models/other', the record's was '/models/stable-diffusion-v1-5-onnx'", difference.Description);
        Assert.Empty(ReRenderDifferences.Between(Recorded, Rendered(model: "/models/stable-diffusion-v1-5-onnx/")));
    }

    [Fact]
    public void AnotherSpellingOfTheRecordedModelFolderIsTheSameModel() =>
        // As sessions compare folders (FolderPath): the model a session was opened with may be spelled with "..".
        Assert.Empty(ReRenderDifferences.Between(Recorded with { ModelPath = Path.GetFullPath(ModelPath) },
            Rendered(model: Path.Combine(Path.GetFullPath("/models/other"), "..", "stable-diffusion-v1-5-onnx"))));

    [Fact]
    public void ARecordOfAnIntermediateStepIsNamed() =>
        Assert.Contains("step 3", Assert.Single(ReRenderDifferences.Between(Recorded with { Step = 3 }, Rendered())).Description);

    [Fact]
    public void EveryDifferenceIsNamedWithItsKind() =>
        Assert.Equal([ReRenderDifferenceKind.InitImage, ReRenderDifferenceKind.Mask, ReRenderDifferenceKind.Model],
            ReRenderDifferences.Between(Recorded, Rendered(initImageHash: "1", maskHash: "2", model: "/m")).Select(d => d.Kind));

    [Fact]
    public void AnotherToolsRecordIsNotCompared()
    {
        // InvokeAI's orig_hash is its own hash of the file, never ours; no other tool's render is repeated exactly here.
        var invokeAI = Recorded with { Format = MetadataFormats.InvokeAI };

        Assert.Empty(ReRenderDifferences.Between(invokeAI, Rendered(initImageHash: "1", model: "/m")));
    }

    [Fact]
    public void WhatTheRecordDoesNotHaveIsNotCompared()
    {
        var old = Recorded with { InitImageHash = null, MaskHash = null, Inpainted = null, ModelPath = null };

        Assert.Empty(ReRenderDifferences.Between(old, Rendered(initImageHash: "1", maskHash: "2", model: "/m")));
    }
}

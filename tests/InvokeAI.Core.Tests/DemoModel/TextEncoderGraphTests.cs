using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace InvokeAI.Core.Tests.DemoModel;

/// <summary>The demo text encoder: a row per CLIP token, colour words carry their colour, everything else is zero.</summary>
public sealed class TextEncoderGraphTests(DemoModelFolderFixture demo) : IClassFixture<DemoModelFolderFixture>
{
    private const int StartOfText = 49406, EndOfText = 49407, HiddenSize = 8;

    [Fact]
    public void EveryOneOfThe49408TokenIdsHasARow()
    {
        var (hidden, shape) = Encode(Ids(0, EndOfText));
        Assert.Equal([1, 77, HiddenSize], shape);
        Assert.All(hidden, v => Assert.True(float.IsFinite(v)));
        // One past the table must fail, or the table is larger than the vocabulary.
        Assert.ThrowsAny<OnnxRuntimeException>(() => Encode(Ids(EndOfText + 1)));
    }

    [Fact]
    public void FireIsAWarmColourWithFullWeight()
    {
        using var vocabulary = JsonDocument.Parse(File.ReadAllText(demo.PathOf("tokenizer/vocab.json")));
        int fire = vocabulary.RootElement.GetProperty("fire</w>").GetInt32();
        Assert.Equal(1769, fire);

        var (hidden, _) = Encode(Ids(StartOfText, fire, EndOfText));
        var row = hidden.AsSpan(1 * HiddenSize, HiddenSize).ToArray();
        float r = row[0], g = row[1], b = row[2];
        Assert.True(r > g && g > b, $"fire is ({r}, {g}, {b})");
        Assert.Equal(0.299f * r + 0.587f * g + 0.114f * b, row[3], 5);
        Assert.Equal(1f, row[4]);
        Assert.Equal([0f, 0f, 0f], row[5..]);
    }

    [Fact]
    public void BlueAndNightAreBlueAndNightIsDark()
    {
        using var vocabulary = JsonDocument.Parse(File.ReadAllText(demo.PathOf("tokenizer/vocab.json")));
        int blue = vocabulary.RootElement.GetProperty("blue</w>").GetInt32();
        int night = vocabulary.RootElement.GetProperty("night</w>").GetInt32();
        var (hidden, _) = Encode(Ids(StartOfText, blue, night, EndOfText));
        var blueRow = hidden.AsSpan(1 * HiddenSize, HiddenSize).ToArray();
        var nightRow = hidden.AsSpan(2 * HiddenSize, HiddenSize).ToArray();
        Assert.True(blueRow[2] > blueRow[0] && nightRow[2] > nightRow[0]);
        Assert.True(nightRow[3] < -0.7f, $"night luminance {nightRow[3]}");
    }

    [Fact]
    public void AnAllPaddingPromptEncodesToZeros()
    {
        using var results = demo.TextEncoder.Run([Input(Ids(StartOfText))]);
        Assert.All(results.Single(r => r.Name == "last_hidden_state").AsEnumerable<float>(), v => Assert.Equal(0f, v));
        Assert.All(results.Single(r => r.Name == "pooler_output").AsEnumerable<float>(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void AWordThatIsNoColourEncodesToZeros()
    {
        using var vocabulary = JsonDocument.Parse(File.ReadAllText(demo.PathOf("tokenizer/vocab.json")));
        int lamp = vocabulary.RootElement.GetProperty("lamp</w>").GetInt32();
        Assert.All(Encode(Ids(StartOfText, lamp, EndOfText)).Hidden, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void PooledOutputIsTheMeanOverPositions()
    {
        var ids = Ids(StartOfText, 1769, 736, EndOfText);
        using var results = demo.TextEncoder.Run([Input(ids)]);
        var hidden = results.Single(r => r.Name == "last_hidden_state").AsEnumerable<float>().ToArray();
        var pooled = results.Single(r => r.Name == "pooler_output").AsEnumerable<float>().ToArray();
        for (int feature = 0; feature < HiddenSize; feature++)
        {
            double mean = Enumerable.Range(0, 77).Average(position => hidden[position * HiddenSize + feature]);
            Assert.Equal(mean, pooled[feature], 5);
        }
    }

    [Fact]
    public void BatchesAreEncodedRowByRow()
    {
        var ids = Ids(StartOfText, 1769, EndOfText).Concat(Ids(StartOfText)).ToArray();
        var input = NamedOnnxValue.CreateFromTensor("input_ids", DemoTensors.Tensor(ids, 2, 77));
        var (hidden, shape) = DemoTensors.Run(demo.TextEncoder, "last_hidden_state", input);
        Assert.Equal([2, 77, HiddenSize], shape);
        Assert.Equal(1f, hidden[1 * HiddenSize + 4]);
        Assert.All(hidden[(77 * HiddenSize)..], v => Assert.Equal(0f, v));
    }

    /// <summary>77 ids: the given ones, then end-of-text padding as an SD 1.x tokenizer pads.</summary>
    private static int[] Ids(params int[] leading)
    {
        var ids = Enumerable.Repeat(EndOfText, 77).ToArray();
        leading.CopyTo(ids, 0);
        return ids;
    }

    private static NamedOnnxValue Input(int[] ids) => NamedOnnxValue.CreateFromTensor("input_ids", DemoTensors.Tensor(ids, 1, 77));

    private (float[] Hidden, int[] Shape) Encode(int[] ids) => DemoTensors.Run(demo.TextEncoder, "last_hidden_state", Input(ids));
}

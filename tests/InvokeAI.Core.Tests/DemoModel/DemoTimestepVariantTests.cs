using System.Text.Json;
using InvokeAI.Core.Tokenization;
using InvokeAI.DemoModel;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Tests.DemoModel;

/// <summary>
/// The demo model's timestep variants declare the UNet's timestep as the different exporters do (float32 [batch],
/// int64 [batch], float32 rank 0, float16 [batch]) and are otherwise the same model, so they can prove the pipeline
/// feeds each one.
/// </summary>
public sealed class DemoTimestepVariantTests(DemoTimestepVariantFolders variants) : IClassFixture<DemoTimestepVariantFolders>
{
    private const int LatentSize = 8, Batch = 2;

    [Theory]
    [InlineData(DemoTimestepInput.Float32Batch, TensorElementType.Float, 1)]
    [InlineData(DemoTimestepInput.Int64Batch, TensorElementType.Int64, 1)]
    [InlineData(DemoTimestepInput.Float32Scalar, TensorElementType.Float, 0)]
    [InlineData(DemoTimestepInput.Float16Batch, TensorElementType.Float16, 1)]
    public void TheUnetDeclaresTheVariantsTimestep(DemoTimestepInput variant, TensorElementType type, int rank)
    {
        var timestep = variants.UnetOf(variant).InputMetadata["timestep"];

        Assert.Equal(type, timestep.ElementDataType);
        Assert.Equal(rank, timestep.Dimensions.Length);
        // A batch timestep has one entry per latent, named like the other inputs' batch axis.
        if (rank == 1) Assert.Equal("batch", timestep.SymbolicDimensions[0]);
    }

    [Theory]
    [InlineData(DemoTimestepInput.Float32Batch)]
    [InlineData(DemoTimestepInput.Int64Batch)]
    [InlineData(DemoTimestepInput.Float32Scalar)]
    [InlineData(DemoTimestepInput.Float16Batch)]
    public void OnlyTheTimestepDiffersFromTheDefaultContract(DemoTimestepInput variant)
    {
        var unet = variants.UnetOf(variant);
        Assert.Equal(["sample", "timestep", "encoder_hidden_states"], unet.InputMetadata.Keys);
        Assert.Equal(TensorElementType.Float, unet.InputMetadata["sample"].ElementDataType);
        Assert.Equal(4, unet.InputMetadata["sample"].Dimensions.Length);
        Assert.Equal(TensorElementType.Float, unet.InputMetadata["encoder_hidden_states"].ElementDataType);
        Assert.Equal(3, unet.InputMetadata["encoder_hidden_states"].Dimensions.Length);
        Assert.Equal(["out_sample"], unet.OutputMetadata.Keys);
        Assert.Equal(4, unet.OutputMetadata["out_sample"].Dimensions.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(500)]
    [InlineData(999)]
    public void EveryVariantPredictsTheSameNoiseAtAnIntegerTimestep(int timestep)
    {
        // A guidance-style batch of two prompts, so the scalar variant has to broadcast its timestep to both.
        float[] samples = DemoTensors.Noise(Batch * 4 * LatentSize * LatentSize, seed: 17 + timestep);
        float[] hiddenStates = [.. variants.EncodePrompt(""), .. variants.EncodePrompt("fire")];

        float[] expected = PredictNoise(DemoTimestepInput.Float32Batch, samples, timestep, hiddenStates);
        // Whole timesteps up to 2048 are exact in float16 too, so every form carries the same value.
        foreach (var variant in new[] { DemoTimestepInput.Int64Batch, DemoTimestepInput.Float32Scalar, DemoTimestepInput.Float16Batch })
        {
            float[] actual = PredictNoise(variant, samples, timestep, hiddenStates);
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5,
                    $"{variant} at t = {timestep}, element {i}: {actual[i]} where float32 [batch] gives {expected[i]}");
        }
    }

    [Theory]
    [InlineData(DemoTimestepInput.Float32Batch, null)]
    [InlineData(DemoTimestepInput.Int64Batch, "int64")]
    [InlineData(DemoTimestepInput.Float32Scalar, "float32-scalar")]
    [InlineData(DemoTimestepInput.Float16Batch, "float16")]
    public void ModelIndexRecordsTheVariant(DemoTimestepInput variant, string? recorded)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(variants.FolderOf(variant), "model_index.json")));
        var demo = index.RootElement.GetProperty("demo");

        Assert.Equal(DemoModelBuilder.Version, demo.GetProperty("version").GetString());
        // The default writes no timestep key: its folder stays what builds before the variants wrote.
        Assert.Equal(recorded, demo.TryGetProperty("timestep", out var timestep) ? timestep.GetString() : null);
    }

    [Theory]
    [InlineData(DemoTimestepInput.Float32Batch)]
    [InlineData(DemoTimestepInput.Int64Batch)]
    [InlineData(DemoTimestepInput.Float32Scalar)]
    [InlineData(DemoTimestepInput.Float16Batch)]
    public void AFolderIsCurrentOnlyForItsOwnVariant(DemoTimestepInput built)
    {
        string folder = variants.FolderOf(built);
        foreach (var asked in Enum.GetValues<DemoTimestepInput>())
            Assert.Equal(asked == built, DemoModelBuilder.IsCurrent(folder, new DemoModelOptions { Timestep = asked }));
        Assert.Equal(built == DemoTimestepInput.Float32Batch, DemoModelBuilder.IsCurrent(folder));
    }

    [Fact]
    public void BuildingAnotherVariantReplacesTheFolder()
    {
        string root = Path.Combine(Path.GetTempPath(), $"invokeai-demo-replace-{Guid.NewGuid():N}");
        string folder = Path.Combine(root, "demo");
        try
        {
            DemoModelBuilder.Build(folder, new DemoModelOptions { Timestep = DemoTimestepInput.Int64Batch });
            Assert.False(DemoModelBuilder.IsCurrent(folder));

            DemoModelBuilder.Build(folder);

            Assert.True(DemoModelBuilder.IsCurrent(folder));
            Assert.False(DemoModelBuilder.IsCurrent(folder, new DemoModelOptions { Timestep = DemoTimestepInput.Int64Batch }));
            using var unet = new InferenceSession(Path.Combine(folder, "unet", "model.onnx"));
            Assert.Equal(TensorElementType.Float, unet.InputMetadata["timestep"].ElementDataType);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void DefaultOptionsBuildTheDefaultModelByteForByte()
    {
        string root = Path.Combine(Path.GetTempPath(), $"invokeai-demo-defaults-{Guid.NewGuid():N}");
        string withOptions = Path.Combine(root, "demo");
        try
        {
            DemoModelBuilder.Build(withOptions, new DemoModelOptions());
            string plain = variants.FolderOf(DemoTimestepInput.Float32Batch);
            foreach (string file in Directory.EnumerateFiles(plain, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(plain, file);
                Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(withOptions, relative))),
                    $"{relative} differs between Build(folder) and Build(folder, new DemoModelOptions())");
            }
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Runs one variant's UNet with the timestep in the element type and rank that variant declares.</summary>
    private float[] PredictNoise(DemoTimestepInput variant, float[] samples, int timestep, float[] hiddenStates)
    {
        int tokens = variants.HiddenStatesShape[0], hiddenSize = variants.HiddenStatesShape[1];
        using var sample = OrtValue.CreateTensorValueFromMemory(samples, [Batch, 4, LatentSize, LatentSize]);
        using var time = TimestepValue(variant, timestep);
        using var hidden = OrtValue.CreateTensorValueFromMemory(hiddenStates, [Batch, tokens, hiddenSize]);
        using var runOptions = new RunOptions();
        using var outputs = variants.UnetOf(variant).Run(runOptions,
            new Dictionary<string, OrtValue> { ["sample"] = sample, ["timestep"] = time, ["encoder_hidden_states"] = hidden },
            ["out_sample"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static OrtValue TimestepValue(DemoTimestepInput variant, int timestep) => variant switch
    {
        DemoTimestepInput.Float32Batch => OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat((float)timestep, Batch).ToArray(), [Batch]),
        DemoTimestepInput.Int64Batch => OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat((long)timestep, Batch).ToArray(), [Batch]),
        DemoTimestepInput.Float32Scalar => OrtValue.CreateTensorValueFromMemory(new[] { (float)timestep }, []),
        DemoTimestepInput.Float16Batch => OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat((Float16)timestep, Batch).ToArray(), [Batch]),
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };
}

/// <summary>
/// Every timestep variant of the demo model built into one temporary folder, with a CPU session on each UNet and
/// on one text encoder (the variants share it) to make prompt hidden states.
/// </summary>
public sealed class DemoTimestepVariantFolders : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"invokeai-demo-variants-{Guid.NewGuid():N}");
    private readonly Dictionary<DemoTimestepInput, InferenceSession> _unets = [];
    private readonly InferenceSession _textEncoder;
    private readonly ClipTokenizer _tokenizer;

    public DemoTimestepVariantFolders()
    {
        try
        {
            foreach (var variant in Enum.GetValues<DemoTimestepInput>())
            {
                DemoModelBuilder.Build(FolderOf(variant), new DemoModelOptions { Timestep = variant });
                _unets[variant] = new InferenceSession(Path.Combine(FolderOf(variant), "unet", "model.onnx"));
            }
            string shared = FolderOf(DemoTimestepInput.Float32Batch);
            _textEncoder = new InferenceSession(Path.Combine(shared, "text_encoder", "model.onnx"));
            _tokenizer = ClipTokenizer.FromFolder(Path.Combine(shared, "tokenizer"));
        }
        catch
        {
            Dispose();
            throw;
        }
        var dims = _textEncoder.OutputMetadata["last_hidden_state"].Dimensions;
        HiddenStatesShape = [dims[1], dims[2]];
    }

    /// <summary>Tokens and hidden size of one prompt's hidden states, as the text encoder declares them.</summary>
    public int[] HiddenStatesShape { get; }

    public string FolderOf(DemoTimestepInput variant) => Path.Combine(_root, variant.ToString());

    public InferenceSession UnetOf(DemoTimestepInput variant) => _unets[variant];

    /// <summary>The text encoder's hidden states for one prompt, [tokens, hidden size] flattened.</summary>
    public float[] EncodePrompt(string prompt) =>
        DemoTensors.Run(_textEncoder, "last_hidden_state", NamedOnnxValue.CreateFromTensor("input_ids",
            DemoTensors.Tensor(_tokenizer.Encode(prompt).InputIds, 1, _tokenizer.MaxLength))).Values;

    public void Dispose()
    {
        foreach (var unet in _unets.Values) unet.Dispose();
        _textEncoder?.Dispose();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}

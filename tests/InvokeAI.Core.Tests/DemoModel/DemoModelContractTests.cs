using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Tests.DemoModel;

/// <summary>
/// Each sub-model takes and gives exactly what a diffusers ONNX export of SD 1.x does (names, element types,
/// ranks, dynamic batch and size), apart from the deliberately small hidden size of 8.
/// </summary>
public sealed class DemoModelContractTests(DemoModelFolderFixture demo) : IClassFixture<DemoModelFolderFixture>
{
    public static TheoryData<string, string, TensorElementType, int[]> Inputs() => new()
    {
        { "text_encoder", "input_ids", TensorElementType.Int32, [-1, 77] },
        { "unet", "sample", TensorElementType.Float, [-1, 4, -1, -1] },
        { "unet", "timestep", TensorElementType.Float, [-1] },
        { "unet", "encoder_hidden_states", TensorElementType.Float, [-1, -1, 8] },
        { "vae_encoder", "sample", TensorElementType.Float, [-1, 3, -1, -1] },
        { "vae_decoder", "latent_sample", TensorElementType.Float, [-1, 4, -1, -1] },
    };

    public static TheoryData<string, string, TensorElementType, int[]> Outputs() => new()
    {
        { "text_encoder", "last_hidden_state", TensorElementType.Float, [-1, 77, 8] },
        { "text_encoder", "pooler_output", TensorElementType.Float, [-1, 8] },
        { "unet", "out_sample", TensorElementType.Float, [-1, 4, -1, -1] },
        { "vae_encoder", "latent_sample", TensorElementType.Float, [-1, 4, -1, -1] },
        { "vae_decoder", "sample", TensorElementType.Float, [-1, 3, -1, -1] },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void InputHasTheExportedNameTypeAndShape(string part, string name, TensorElementType type, int[] dims) =>
        AssertDescribed(Session(part).InputMetadata, name, type, dims);

    [Theory]
    [MemberData(nameof(Outputs))]
    public void OutputHasTheExportedNameTypeAndShape(string part, string name, TensorElementType type, int[] dims) =>
        AssertDescribed(Session(part).OutputMetadata, name, type, dims);

    [Theory]
    [InlineData("text_encoder", new[] { "input_ids" }, new[] { "last_hidden_state", "pooler_output" })]
    [InlineData("unet", new[] { "sample", "timestep", "encoder_hidden_states" }, new[] { "out_sample" })]
    [InlineData("vae_encoder", new[] { "sample" }, new[] { "latent_sample" })]
    [InlineData("vae_decoder", new[] { "latent_sample" }, new[] { "sample" })]
    public void SubModelHasNoOtherInputsOrOutputs(string part, string[] inputs, string[] outputs)
    {
        Assert.Equal(inputs.Order(), Session(part).InputMetadata.Keys.Order());
        Assert.Equal(outputs.Order(), Session(part).OutputMetadata.Keys.Order());
    }

    [Fact]
    public void DynamicDimensionsAreNamedBatchAndSize()
    {
        var sample = demo.VaeEncoder.InputMetadata["sample"];
        Assert.Equal(["batch", "", "height", "width"], sample.SymbolicDimensions);
        Assert.Equal("batch", demo.TextEncoder.InputMetadata["input_ids"].SymbolicDimensions[0]);
    }

    private InferenceSession Session(string part) => part switch
    {
        "text_encoder" => demo.TextEncoder,
        "unet" => demo.Unet,
        "vae_encoder" => demo.VaeEncoder,
        "vae_decoder" => demo.VaeDecoder,
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, null),
    };

    private static void AssertDescribed(IReadOnlyDictionary<string, NodeMetadata> metadata, string name,
        TensorElementType type, int[] dims)
    {
        Assert.True(metadata.ContainsKey(name), $"no '{name}' among {string.Join(", ", metadata.Keys)}");
        var value = metadata[name];
        Assert.Equal(type, value.ElementDataType);
        Assert.Equal(dims, value.Dimensions);
    }
}

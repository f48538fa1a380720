using InvokeAI.DemoModel.Files;
using InvokeAI.DemoModel.GraphBuilding;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace InvokeAI.DemoModel.Graphs;

/// <summary>
/// The demo text encoder: a lookup table with a row per CLIP token id, nothing more. A colour word's row is
/// [r, g, b, luminance, 1, 0, 0, 0]: the colour in pixel units and a "colour weight" of 1, so the UNet can sum a
/// prompt's rows and divide by the weight to get its average colour. Every other token, including start, end and
/// padding, is all zeros, which makes the empty (unconditional) prompt pull nowhere.
/// </summary>
internal static class TextEncoderGraph
{
    /// <summary>
    /// Deliberately not CLIP's 768: a pipeline that hard-codes 768 fails on the demo, one that reads the width
    /// from the model works on both.
    /// </summary>
    public const int HiddenSize = 8;
    public const int SequenceLength = 77;
    public const int ColourWeightColumn = 4;

    public static ModelProto Build(IReadOnlyDictionary<string, int> vocabulary, string producerVersion)
    {
        var graph = new OnnxGraphBuilder("demo_text_encoder");
        // int32 ids as the diffusers conversion script exported them (optimum uses int64; pipelines read which).
        string inputIds = graph.AddInput("input_ids", DataType.Int32, "batch", SequenceLength);
        string table = graph.AddFloatConstant("token_embedding", BuildEmbeddingTable(vocabulary),
            EmbeddedTokenizer.VocabularySize, HiddenSize);

        graph.AddNode("Gather", [table, inputIds], [NodeAttribute.Int("axis", 0)], output: "last_hidden_state");
        // CLIP pools the end-of-text position; the mean over positions carries the same colour information here.
        graph.AddNode("ReduceMean", ["last_hidden_state"],
            [NodeAttribute.Ints("axes", 1), NodeAttribute.Int("keepdims", 0)], output: "pooler_output");

        graph.AddOutput("last_hidden_state", DataType.Float, "batch", SequenceLength, HiddenSize);
        graph.AddOutput("pooler_output", DataType.Float, "batch", HiddenSize);
        return graph.ToModel(producerVersion);
    }

    internal static float[] BuildEmbeddingTable(IReadOnlyDictionary<string, int> vocabulary)
    {
        var table = new float[EmbeddedTokenizer.VocabularySize * HiddenSize];
        foreach (var (word, red, green, blue) in ColourWords.All)
        {
            string entry = ColourWords.VocabularyEntry(word);
            if (!vocabulary.TryGetValue(entry, out int id))
                throw new InvalidDataException($"The CLIP vocabulary has no entry '{entry}' for a demo colour word.");

            float r = ColourWords.ToPixelSpace(red), g = ColourWords.ToPixelSpace(green), b = ColourWords.ToPixelSpace(blue);
            var row = table.AsSpan(id * HiddenSize, HiddenSize);
            row[0] = r;
            row[1] = g;
            row[2] = b;
            row[LatentSpace.LuminanceChannel] = LatentSpace.Luminance(r, g, b);
            row[ColourWeightColumn] = 1f;
        }
        return table;
    }
}

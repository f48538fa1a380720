namespace InvokeAI.Core.Models;

/// <summary>
/// The structure of an ONNX file's main graph without its weights: each node's operator and value names, and each
/// initializer's shape. Read field by field (<see cref="ProtobufFieldReader"/>), so weights stored inline in the
/// file are skipped, not read; a UNet's outline is a few thousand small nodes.
/// </summary>
internal sealed class OnnxGraphOutline
{
    // Field numbers of onnx.proto3 (ModelProto.graph, GraphProto.node/initializer, NodeProto, TensorProto).
    private const int ModelGraph = 7;
    private const int GraphNode = 1, GraphInitializer = 5;
    private const int NodeInput = 1, NodeOutput = 2, NodeOpType = 4;
    private const int TensorDims = 1, TensorName = 8;

    public sealed record Node(string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);

    public List<Node> Nodes { get; } = [];
    /// <summary>The dims of every initializer (weights stored beside the file included: their shape is in the file).</summary>
    public Dictionary<string, long[]> InitializerShapes { get; } = new(StringComparer.Ordinal);

    public static OnnxGraphOutline Read(string onnxPath)
    {
        using var stream = new FileStream(onnxPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var reader = new ProtobufFieldReader(stream);
        var outline = new OnnxGraphOutline();
        while (reader.TryReadField(stream.Length, out int field, out int wire))
        {
            if (field == ModelGraph && wire == ProtobufFieldReader.LengthDelimited) outline.ReadGraph(reader, reader.ReadEnd());
            else reader.Skip(wire);
        }
        return outline;
    }

    private void ReadGraph(ProtobufFieldReader reader, long end)
    {
        while (reader.TryReadField(end, out int field, out int wire))
        {
            if (wire != ProtobufFieldReader.LengthDelimited) reader.Skip(wire);
            else if (field == GraphNode) Nodes.Add(ReadNode(reader, reader.ReadEnd()));
            else if (field == GraphInitializer) ReadInitializer(reader, reader.ReadEnd());
            else reader.Skip(wire);
        }
        reader.SeekTo(end);
    }

    private static Node ReadNode(ProtobufFieldReader reader, long end)
    {
        string opType = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        while (reader.TryReadField(end, out int field, out int wire))
        {
            bool text = wire == ProtobufFieldReader.LengthDelimited;
            if (text && field == NodeInput) inputs.Add(reader.ReadString());
            else if (text && field == NodeOutput) outputs.Add(reader.ReadString());
            else if (text && field == NodeOpType) opType = reader.ReadString();
            // Attributes are skipped: a Constant node's value can be a large tensor.
            else reader.Skip(wire);
        }
        reader.SeekTo(end);
        return new Node(opType, inputs, outputs);
    }

    private void ReadInitializer(ProtobufFieldReader reader, long end)
    {
        string? name = null;
        var dims = new List<long>();
        while (reader.TryReadField(end, out int field, out int wire))
        {
            if (field == TensorDims && wire == ProtobufFieldReader.Varint) dims.Add((long)reader.ReadVarint());
            else if (field == TensorDims && wire == ProtobufFieldReader.LengthDelimited)
            {
                // Packed repeated int64, as protobuf 3 writes it.
                long packedEnd = reader.ReadEnd();
                while (reader.Position < packedEnd) dims.Add((long)reader.ReadVarint());
            }
            else if (field == TensorName && wire == ProtobufFieldReader.LengthDelimited) name = reader.ReadString();
            // raw_data and the typed data fields: skipped by seeking, however large.
            else reader.Skip(wire);
        }
        reader.SeekTo(end);
        if (name is not null) InitializerShapes[name] = [.. dims];
    }
}

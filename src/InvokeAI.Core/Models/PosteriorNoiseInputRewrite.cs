namespace InvokeAI.Core.Models;

/// <summary>
/// Rewrites a VAE encoder's ONNX model in memory so the noise its posterior is sampled with comes from the caller.
/// diffusers' convert script exports <c>latent_dist.sample()</c> as an unseeded <c>RandomNormalLike</c> node, so the
/// same seed gives a different init latent on every run. Here that node becomes an <c>Identity</c> of a new graph
/// input, <see cref="InputName"/>: fed zeros the encoder returns the posterior mean (mean + std·0), fed ε it returns
/// mean + std·ε with ε drawn from the render's own seeded generator.
/// </summary>
/// <remarks>
/// Works on the protobuf fields themselves: every field but the graph is copied byte for byte, and in the graph only
/// the one node is replaced and one input added, so weights are copied, never decoded. Nothing here checks that the
/// result is a valid model; ONNX Runtime is the judge when the session is opened from it.
/// </remarks>
internal static class PosteriorNoiseInputRewrite
{
    /// <summary>The graph input that replaces the random node's draw.</summary>
    public const string InputName = "posterior_noise";

    // Field numbers of onnx.proto3.
    private const int ModelGraph = 7;
    private const int GraphNode = 1, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12, GraphValueInfo = 13;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5, NodeDomain = 7;
    private const int AttributeName = 1, AttributeInt = 3;
    private const int ValueInfoName = 1, ValueInfoType = 2;
    private const int TypeTensor = 1, TensorTypeElement = 1, TensorTypeShape = 2;
    private const int ShapeDim = 1, DimensionParam = 2;
    private const int TensorName = 8, TensorExternalData = 13, TensorDataLocation = 14;
    private const int DataLocationExternal = 1;

    // TensorProto.DataType values of the draws an encoder is run with (the pixels' types).
    private const int ElementFloat = 1, ElementFloat16 = 10;

    /// <param name="Model">The rewritten model's bytes.</param>
    /// <param name="HasExternalData">
    /// Whether initializers live in files beside the model: a session opened from bytes must be told their folder.
    /// </param>
    public sealed record Result(byte[] Model, bool HasExternalData);

    /// <param name="Start">Where the node's field (its tag) starts in the file: the node's identity for the rewrite.</param>
    private sealed record Node(long Start, string OpType, string Domain, string Name,
        List<string> Inputs, List<string> Outputs, long? DataType);

    /// <summary>
    /// The model with its <c>RandomNormalLike</c> node replaced by the <see cref="InputName"/> input; null when its
    /// main graph has no such node (nothing random to replace).
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The graph has a random node but not the one draw this rewrite expects (two of them, a name already taken, an
    /// element type it cannot tell), or the bytes are not a well-formed ONNX model.
    /// </exception>
    public static Result? Apply(byte[] model)
    {
        using var stream = new MemoryStream(model, writable: false);
        var reader = new ProtobufFieldReader(stream);

        var modelFields = new List<(long Start, long End)>();
        (long Start, long End)? graphRange = null;
        int graphFieldIndex = -1;
        long fieldStart = reader.Position;
        while (reader.TryReadField(model.Length, out int field, out int wire))
        {
            if (field == ModelGraph && wire == ProtobufFieldReader.LengthDelimited)
            {
                // Protobuf would merge two graph fields; an exporter never writes them, and merging is not worth it.
                if (graphRange is not null) throw new InvalidDataException("The model has more than one graph field.");
                long end = reader.ReadEnd();
                graphRange = (reader.Position, end);
                graphFieldIndex = modelFields.Count;
                reader.SeekTo(end);
            }
            else reader.Skip(wire);
            if (reader.Position > model.Length) throw new InvalidDataException("A model field runs past the end of the file.");
            modelFields.Add((fieldStart, reader.Position));
            fieldStart = reader.Position;
        }
        if (graphRange is not { } range) throw new InvalidDataException("The model has no graph.");

        var graph = ReadGraph(reader, range.Start, range.End);
        var randomNodes = graph.Nodes.Where(IsRandomNormalLike).ToList();
        if (randomNodes.Count == 0) return null;
        if (randomNodes.Count > 1)
            throw new InvalidDataException($"The graph has {randomNodes.Count} RandomNormalLike nodes; one posterior draw was expected.");
        var random = randomNodes[0];
        if (random.Outputs.Count != 1 || random.Outputs[0].Length == 0)
            throw new InvalidDataException("The RandomNormalLike node does not have exactly one output.");
        if (graph.Names.Contains(InputName))
            throw new InvalidDataException($"The graph already has a value named '{InputName}'.");
        int elementType = NoiseElementType(random, graph.ElementTypes);

        // The node's output keeps its name, so every node that reads the draw is left as it is.
        var identity = new ProtobufFieldWriter();
        identity.WriteStringField(NodeInput, InputName);
        identity.WriteStringField(NodeOutput, random.Outputs[0]);
        if (random.Name.Length > 0) identity.WriteStringField(NodeName, random.Name);
        identity.WriteStringField(NodeOpType, "Identity");
        var identityField = new ProtobufFieldWriter();
        identityField.WriteBytesField(GraphNode, identity.ToArray());
        var inputField = new ProtobufFieldWriter();
        inputField.WriteBytesField(GraphInput, NoiseInput(elementType));

        // The new graph: the same fields in the same order, the node swapped and the input placed after the others.
        var pieces = new List<ReadOnlyMemory<byte>>();
        foreach (var (start, end) in graph.Fields)
        {
            pieces.Add(start == random.Start ? identityField.ToArray() : model.AsMemory((int)start, (int)(end - start)));
            if (start == graph.LastInputStart) pieces.Add(inputField.ToArray());
        }
        if (graph.LastInputStart < 0) pieces.Insert(0, inputField.ToArray());

        long graphLength = pieces.Sum(piece => (long)piece.Length);
        byte[] graphHeader = ProtobufFieldWriter.LengthDelimitedHeader(ModelGraph, graphLength);
        long modelLength = modelFields.Where((_, i) => i != graphFieldIndex).Sum(f => f.End - f.Start)
                           + graphHeader.Length + graphLength;
        var rewritten = new byte[checked((int)modelLength)];
        int offset = 0;
        for (int i = 0; i < modelFields.Count; i++)
        {
            if (i == graphFieldIndex)
            {
                Append(rewritten, ref offset, graphHeader);
                foreach (var piece in pieces) Append(rewritten, ref offset, piece.Span);
            }
            else
            {
                var (start, end) = modelFields[i];
                Append(rewritten, ref offset, model.AsSpan((int)start, (int)(end - start)));
            }
        }
        return new Result(rewritten, graph.HasExternalData);
    }

    private static bool IsRandomNormalLike(Node node) =>
        node.OpType == "RandomNormalLike" && node.Domain is "" or "ai.onnx";

    /// <summary>
    /// The draw's element type: the node's dtype attribute when given, else (as the operator defines it) its input's
    /// type, else the pixels' type, which a torch export shares with the latent.
    /// </summary>
    private static int NoiseElementType(Node random, Dictionary<string, int> knownTypes)
    {
        long? type = random.DataType;
        if (type is null && knownTypes.TryGetValue(random.Outputs[0], out int outputType)) type = outputType;
        if (type is null && random.Inputs.Count > 0 && knownTypes.TryGetValue(random.Inputs[0], out int inputType)) type = inputType;
        if (type is null && knownTypes.TryGetValue("sample", out int sampleType)) type = sampleType;
        return type switch
        {
            ElementFloat or ElementFloat16 => (int)type,
            null => throw new InvalidDataException("The element type of the RandomNormalLike node's output cannot be told."),
            _ => throw new InvalidDataException($"The RandomNormalLike node draws ONNX element type {type}, not float or float16."),
        };
    }

    /// <summary>
    /// A ValueInfoProto for the new input: a rank-4 tensor whose dims are named, not sized, so any latent size is
    /// accepted (ONNX Runtime checks the fed value against the rest of the graph when it runs).
    /// </summary>
    private static byte[] NoiseInput(int elementType)
    {
        var shape = new ProtobufFieldWriter();
        foreach (string dim in new[] { "batch", "channels", "height", "width" })
        {
            var dimension = new ProtobufFieldWriter();
            dimension.WriteStringField(DimensionParam, $"{InputName}_{dim}");
            shape.WriteBytesField(ShapeDim, dimension.ToArray());
        }
        var tensor = new ProtobufFieldWriter();
        tensor.WriteVarintField(TensorTypeElement, (ulong)elementType);
        tensor.WriteBytesField(TensorTypeShape, shape.ToArray());
        var type = new ProtobufFieldWriter();
        type.WriteBytesField(TypeTensor, tensor.ToArray());
        var valueInfo = new ProtobufFieldWriter();
        valueInfo.WriteStringField(ValueInfoName, InputName);
        valueInfo.WriteBytesField(ValueInfoType, type.ToArray());
        return valueInfo.ToArray();
    }

    private static void Append(byte[] target, ref int offset, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(target.AsSpan(offset));
        offset += bytes.Length;
    }

    private sealed class GraphFields
    {
        /// <summary>Where each of the graph's fields lies in the file, tag included, in the file's order.</summary>
        public List<(long Start, long End)> Fields { get; } = [];
        public List<Node> Nodes { get; } = [];
        /// <summary>Every value name the graph uses: node inputs and outputs, graph inputs and outputs, initializers.</summary>
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);
        /// <summary>Element types declared for values (graph inputs, outputs, value_info).</summary>
        public Dictionary<string, int> ElementTypes { get; } = new(StringComparer.Ordinal);
        public long LastInputStart { get; set; } = -1;
        public bool HasExternalData { get; set; }
    }

    private static GraphFields ReadGraph(ProtobufFieldReader reader, long start, long end)
    {
        var graph = new GraphFields();
        reader.SeekTo(start);
        long fieldStart = start;
        while (reader.TryReadField(end, out int field, out int wire))
        {
            if (wire != ProtobufFieldReader.LengthDelimited) reader.Skip(wire);
            else if (field == GraphNode)
            {
                var node = ReadNode(reader, fieldStart);
                graph.Nodes.Add(node);
                graph.Names.UnionWith(node.Inputs);
                graph.Names.UnionWith(node.Outputs);
            }
            else if (field == GraphInitializer)
            {
                var (name, external) = ReadInitializer(reader, reader.ReadEnd());
                if (name is not null) graph.Names.Add(name);
                graph.HasExternalData |= external;
            }
            else if (field is GraphInput or GraphOutput or GraphValueInfo)
            {
                var (name, elementType) = ReadValueInfo(reader, reader.ReadEnd());
                if (name is not null)
                {
                    if (field != GraphValueInfo) graph.Names.Add(name);
                    if (elementType is int type) graph.ElementTypes.TryAdd(name, type);
                }
                if (field == GraphInput) graph.LastInputStart = fieldStart;
            }
            else reader.Skip(wire);
            if (reader.Position > end) throw new InvalidDataException("A graph field runs past the end of the graph.");
            graph.Fields.Add((fieldStart, reader.Position));
            fieldStart = reader.Position;
        }
        return graph;
    }

    /// <summary>Reads the node whose tag starts at <paramref name="fieldStart"/>; the reader is past its length.</summary>
    private static Node ReadNode(ProtobufFieldReader reader, long fieldStart)
    {
        long end = reader.ReadEnd();
        string opType = "", domain = "", name = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        long? dataType = null;
        while (reader.TryReadField(end, out int field, out int wire))
        {
            bool text = wire == ProtobufFieldReader.LengthDelimited;
            if (text && field == NodeInput) inputs.Add(reader.ReadString());
            else if (text && field == NodeOutput) outputs.Add(reader.ReadString());
            else if (text && field == NodeName) name = reader.ReadString();
            else if (text && field == NodeOpType) opType = reader.ReadString();
            else if (text && field == NodeDomain) domain = reader.ReadString();
            else if (text && field == NodeAttribute) dataType = ReadDtypeAttribute(reader, reader.ReadEnd()) ?? dataType;
            else reader.Skip(wire);
        }
        reader.SeekTo(end);
        return new Node(fieldStart, opType, domain, name, inputs, outputs, dataType);
    }

    /// <summary>The value of an attribute named dtype; null for any other attribute (a Constant's tensor is skipped).</summary>
    private static long? ReadDtypeAttribute(ProtobufFieldReader reader, long end)
    {
        string? name = null;
        long? value = null;
        while (reader.TryReadField(end, out int field, out int wire))
        {
            if (field == AttributeName && wire == ProtobufFieldReader.LengthDelimited) name = reader.ReadString();
            else if (field == AttributeInt && wire == ProtobufFieldReader.Varint) value = (long)reader.ReadVarint();
            else reader.Skip(wire);
        }
        reader.SeekTo(end);
        return name == "dtype" ? value : null;
    }

    private static (string? Name, bool External) ReadInitializer(ProtobufFieldReader reader, long end)
    {
        string? name = null;
        bool external = false;
        while (reader.TryReadField(end, out int field, out int wire))
        {
            if (field == TensorName && wire == ProtobufFieldReader.LengthDelimited) name = reader.ReadString();
            else if (field == TensorDataLocation && wire == ProtobufFieldReader.Varint)
                external |= reader.ReadVarint() == DataLocationExternal;
            else if (field == TensorExternalData)
            {
                external = true;
                reader.Skip(wire);
            }
            // raw_data and the typed data fields are stepped over.
            else reader.Skip(wire);
        }
        reader.SeekTo(end);
        return (name, external);
    }

    private static (string? Name, int? ElementType) ReadValueInfo(ProtobufFieldReader reader, long end)
    {
        string? name = null;
        int? elementType = null;
        while (reader.TryReadField(end, out int field, out int wire))
        {
            if (field == ValueInfoName && wire == ProtobufFieldReader.LengthDelimited) name = reader.ReadString();
            else if (field == ValueInfoType && wire == ProtobufFieldReader.LengthDelimited)
                elementType = ReadNested(reader, reader.ReadEnd(), TypeTensor,
                    tensorEnd => ReadNested(reader, tensorEnd, TensorTypeElement, null));
            else reader.Skip(wire);
        }
        reader.SeekTo(end);
        return (name, elementType);
    }

    /// <summary>
    /// Finds <paramref name="field"/> in the message ending at <paramref name="end"/>: a varint's value when
    /// <paramref name="readMessage"/> is null, else what it reads from the embedded message.
    /// </summary>
    private static int? ReadNested(ProtobufFieldReader reader, long end, int field, Func<long, int?>? readMessage)
    {
        int? result = null;
        while (reader.TryReadField(end, out int found, out int wire))
        {
            if (found == field && readMessage is null && wire == ProtobufFieldReader.Varint) result = (int)reader.ReadVarint();
            else if (found == field && readMessage is not null && wire == ProtobufFieldReader.LengthDelimited)
            {
                long messageEnd = reader.ReadEnd();
                result = readMessage(messageEnd);
                reader.SeekTo(messageEnd);
            }
            else reader.Skip(wire);
        }
        reader.SeekTo(end);
        return result;
    }
}

using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace InvokeAI.DemoModel.GraphBuilding;

/// <summary>
/// Assembles one ONNX graph node by node and wraps it in a model of the opset and IR version that the diffusers
/// exporters of the SD 1.x era wrote (opset 17, IR 8), so ONNX Runtime treats the demo like a real export.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    public const long OpsetVersion = 17;
    public const long IrVersion = 8;

    private readonly GraphProto _graph;
    private int _valueCount;

    public OnnxGraphBuilder(string graphName) => _graph = new GraphProto { Name = graphName };

    /// <summary>Declares a graph input and returns its name, so it can feed nodes like any other value.</summary>
    public string AddInput(string name, DataType elementType, params Dim[] shape)
    {
        _graph.Input.Add(DescribeValue(name, elementType, shape));
        return name;
    }

    /// <summary>Declares a graph output; <paramref name="name"/> must be produced by a node added with that output name.</summary>
    public void AddOutput(string name, DataType elementType, params Dim[] shape) =>
        _graph.Output.Add(DescribeValue(name, elementType, shape));

    public string AddFloatConstant(string name, ReadOnlySpan<float> values, params long[] dims) =>
        AddConstant(name, DataType.Float, MemoryMarshal.AsBytes(values), dims);

    public string AddInt64Constant(string name, ReadOnlySpan<long> values, params long[] dims) =>
        AddConstant(name, DataType.Int64, MemoryMarshal.AsBytes(values), dims);

    /// <summary>A float constant of rank 0, for the scalars that broadcast against whole tensors.</summary>
    public string AddScalar(string name, float value) => AddFloatConstant(name, [value]);

    /// <summary>
    /// Adds a node with one output and returns that output's name: a generated one, or <paramref name="output"/>
    /// when the node produces a graph output.
    /// </summary>
    public string AddNode(string opType, string[] inputs, AttributeProto[]? attributes = null, string? output = null)
    {
        output ??= $"{opType.ToLowerInvariant()}_{++_valueCount}";
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        if (attributes is not null) node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    public string AddNode(string opType, params string[] inputs) => AddNode(opType, inputs, null, null);

    public ModelProto ToModel(string producerVersion)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "InvokeAI.DemoModel",
            ProducerVersion = producerVersion,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return model;
    }

    private string AddConstant(string name, DataType elementType, ReadOnlySpan<byte> littleEndianBytes, long[] dims)
    {
        // ONNX raw_data is little-endian; every platform .NET and ONNX Runtime ship for is little-endian too,
        // so the in-memory bytes are already the file's bytes.
        var tensor = new TensorProto
        {
            Name = name,
            DataType = (int)elementType,
            RawData = ByteString.CopyFrom(littleEndianBytes),
        };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    private static ValueInfoProto DescribeValue(string name, DataType elementType, Dim[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var dim in shape)
        {
            tensorShape.Dim.Add(dim.Name is null
                ? new TensorShapeProto.Types.Dimension { DimValue = dim.Size }
                : new TensorShapeProto.Types.Dimension { DimParam = dim.Name });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = tensorShape },
            },
        };
    }
}

/// <summary>
/// One dimension of a graph input or output: a symbolic name for the sizes the caller chooses (batch, height,
/// width), or a fixed size. The implicit conversions let a shape read like <c>("batch", 77)</c>.
/// </summary>
internal readonly record struct Dim(string? Name, long Size)
{
    public static implicit operator Dim(string name) => new(name, 0);
    public static implicit operator Dim(int size) => new(null, size);
}

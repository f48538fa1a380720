namespace InvokeAI.Core.Models;

/// <summary>
/// How many channels a graph input really carries, read from the weight of the convolution that first takes it.
/// diffusers' convert script exports the UNet's <c>sample</c> with a symbolic channel axis ("channels") and writes no
/// config saying how many there are, but every diffusers UNet starts with conv_in, whose weight is
/// [320, in_channels, 3, 3]: 9 for an inpainting checkpoint. The weight's shape is in the .onnx file even when the
/// weights themselves are stored beside it.
/// </summary>
internal static class FirstConvolutionChannels
{
    /// <summary>
    /// Ops that can sit between the input and conv_in without changing its channels: fp16 exports that keep float32
    /// inputs add a Cast, ONNX Runtime's NHWC optimisation a Transpose.
    /// </summary>
    private static readonly HashSet<string> PassThrough = ["Cast", "Identity", "Transpose"];

    /// <summary>Ops between a weight initializer and the convolution: an fp16 cast, a quantized weight's dequantization.</summary>
    private static readonly HashSet<string> WeightPassThrough = ["Cast", "Identity", "DequantizeLinear"];

    /// <summary>Reached in a handful of ops in every export; a bound keeps a strange graph from being walked whole.</summary>
    private const int LongestPath = 8;

    /// <summary>The input channels of the first convolution fed by <paramref name="input"/>; null when none can be found.</summary>
    public static int? Of(OnnxGraphOutline graph, string input)
    {
        var consumers = graph.Nodes
            .SelectMany(node => node.Inputs.Take(1).Select(first => (first, node)))
            .ToLookup(pair => pair.first, pair => pair.node, StringComparer.Ordinal);
        var producers = new Dictionary<string, OnnxGraphOutline.Node>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        foreach (string output in node.Outputs)
            producers[output] = node;

        var values = new List<string> { input };
        for (int depth = 0; depth < LongestPath && values.Count > 0; depth++)
        {
            var next = new List<string>();
            foreach (var node in values.SelectMany(value => consumers[value]))
            {
                if (node.OpType is "Conv" or "NhwcConv" && node.Inputs.Count > 1)
                    return WeightChannels(graph, producers, node.Inputs[1], channelsLast: node.OpType == "NhwcConv");
                if (PassThrough.Contains(node.OpType)) next.AddRange(node.Outputs.Take(1));
            }
            values = next;
        }
        return null;
    }

    /// <summary>
    /// A Conv weight is [out, in, kh, kw]. An NhwcConv weight is [out, kh, kw, in] when stored transposed, or the
    /// output of a Transpose of an ordinary [out, in, kh, kw] weight.
    /// </summary>
    private static int? WeightChannels(OnnxGraphOutline graph, Dictionary<string, OnnxGraphOutline.Node> producers,
        string weight, bool channelsLast)
    {
        for (int depth = 0; depth < LongestPath; depth++)
        {
            if (graph.InitializerShapes.TryGetValue(weight, out long[]? dims))
                return dims.Length == 4 && dims[channelsLast ? 3 : 1] is > 0 and <= int.MaxValue ? (int)dims[channelsLast ? 3 : 1] : null;
            if (!producers.TryGetValue(weight, out var producer) || producer.Inputs.Count == 0) return null;
            if (producer.OpType == "Transpose") channelsLast = false;
            else if (!WeightPassThrough.Contains(producer.OpType)) return null;
            weight = producer.Inputs[0];
        }
        return null;
    }
}

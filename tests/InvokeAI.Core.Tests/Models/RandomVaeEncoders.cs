using InvokeAI.DemoModel.GraphBuilding;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace InvokeAI.Core.Tests.Models;

/// <summary>
/// Tiny VAE encoders with the demo's inputs and outputs, to tell a graph that draws its own noise from one that only
/// mentions the operator that would.
/// </summary>
internal static class RandomVaeEncoders
{
    /// <summary>
    /// latent_sample = mean + 0·RandomNormalLike(mean): the shape of a torch export that samples the posterior in the
    /// graph (the draw is unseeded whatever it is multiplied by).
    /// </summary>
    public static ModelProto SamplingWithRandomNormalLike(float[]? weights = null)
    {
        var graph = new OnnxGraphBuilder("sampling_vae_encoder");
        string mean = AddBlockMean(graph, weights: weights);
        string noise = graph.AddNode("RandomNormalLike", mean);
        string silenced = graph.AddNode("Mul", noise, graph.AddScalar("zero", 0));
        graph.AddNode("Add", [mean, silenced], output: "latent_sample");
        return Finish(graph);
    }

    /// <summary>
    /// latent_sample = mean + 0·(RandomNormalLike(mean) + RandomNormalLike(mean)): two draws, where a posterior
    /// sample has one.
    /// </summary>
    public static ModelProto SamplingWithTwoRandomNormalLikes()
    {
        var graph = new OnnxGraphBuilder("twice_sampling_vae_encoder");
        string mean = AddBlockMean(graph);
        string noise = graph.AddNode("Add", graph.AddNode("RandomNormalLike", mean), graph.AddNode("RandomNormalLike", mean));
        string silenced = graph.AddNode("Mul", noise, graph.AddScalar("zero", 0));
        graph.AddNode("Add", [mean, silenced], output: "latent_sample");
        return Finish(graph);
    }

    /// <summary>
    /// latent_sample = Identity(mean), where the mean's value, the Identity node and both doc strings are called
    /// RandomNormalLike but no node is one.
    /// </summary>
    public static ModelProto NamingRandomNormalLikeWithoutOne()
    {
        var graph = new OnnxGraphBuilder("RandomNormalLike");
        string mean = AddBlockMean(graph, output: "RandomNormalLike");
        graph.AddNode("Identity", [mean], output: "latent_sample");
        var model = Finish(graph);
        var identity = model.Graph.Node.Single(node => node.OpType == "Identity");
        identity.Name = "RandomNormalLike";
        identity.DocString = "Stands where a RandomNormalLike would sample.";
        model.Graph.DocString = "No RandomNormalLike node here.";
        return model;
    }

    /// <summary>How many weights the mean's convolution has: 4 output channels, 3 input channels, 8×8.</summary>
    public const int WeightCount = 4 * 3 * 8 * 8;

    /// <summary>An 8×8, stride-8 convolution from the 3 pixel channels to 4 latent channels (zero weights unless given).</summary>
    private static string AddBlockMean(OnnxGraphBuilder graph, string? output = null, float[]? weights = null)
    {
        string pixels = graph.AddInput("sample", DataType.Float, "batch", 3, "height", "width");
        string kernel = graph.AddFloatConstant("weights", weights ?? new float[WeightCount], 4, 3, 8, 8);
        return graph.AddNode("Conv", [pixels, kernel],
            [NodeAttribute.Ints("kernel_shape", 8, 8), NodeAttribute.Ints("strides", 8, 8)], output);
    }

    private static ModelProto Finish(OnnxGraphBuilder graph)
    {
        graph.AddOutput("latent_sample", DataType.Float, "batch", 4, "latent_height", "latent_width");
        return graph.ToModel("test");
    }
}

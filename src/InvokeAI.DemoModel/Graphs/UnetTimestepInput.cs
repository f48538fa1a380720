using InvokeAI.DemoModel.GraphBuilding;
using DataType = Onnx.TensorProto.Types.DataType;

namespace InvokeAI.DemoModel.Graphs;

/// <summary>
/// Declares the UNet's <c>timestep</c> input in the form one exporter wrote it, and turns it into the float32
/// [batch] value the denoiser computes with. Only the declaration differs between the variants, so whatever they
/// prove about the pipeline's feeding, they share one and the same denoiser.
/// </summary>
internal static class UnetTimestepInput
{
    public const string Name = "timestep";

    /// <summary>Declares the input and returns the name of a float32 [batch] value holding the timestep.</summary>
    public static string AddAsFloatBatch(OnnxGraphBuilder graph, DemoTimestepInput form, string sample)
    {
        switch (form)
        {
            case DemoTimestepInput.Float32Batch:
                // Already the denoiser's form: no nodes, so the default UNet stays byte-identical to earlier builds.
                return graph.AddInput(Name, DataType.Float, "batch");

            case DemoTimestepInput.Int64Batch:
                string integer = graph.AddInput(Name, DataType.Int64, "batch");
                return graph.AddNode("Cast", [integer], [NodeAttribute.Int("to", (long)DataType.Float)]);

            case DemoTimestepInput.Float16Batch:
                string half = graph.AddInput(Name, DataType.Float16, "batch");
                return graph.AddNode("Cast", [half], [NodeAttribute.Int("to", (long)DataType.Float)]);

            case DemoTimestepInput.Float32Scalar:
                string scalar = graph.AddInput(Name, DataType.Float);
                // As diffusers' UNet does with timesteps.expand(sample.shape[0]): one copy per latent of the batch.
                string batchShape = graph.AddNode("Gather",
                    [graph.AddNode("Shape", sample), graph.AddInt64Constant("batch_axis_index", [0], 1)],
                    [NodeAttribute.Int("axis", 0)]);
                return graph.AddNode("Expand", scalar, batchShape);

            default:
                throw new ArgumentOutOfRangeException(nameof(form), form, "Unknown demo timestep input.");
        }
    }
}

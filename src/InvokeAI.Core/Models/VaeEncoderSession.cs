using Microsoft.ML.OnnxRuntime;

namespace InvokeAI.Core.Models;

/// <summary>What became of the random draw a VAE encoder's graph makes for itself, if it makes one.</summary>
internal enum InGraphDraw
{
    /// <summary>The graph has no RandomNormalLike node.</summary>
    None,
    /// <summary>The node was replaced by the <see cref="PosteriorNoiseInputRewrite.InputName"/> input.</summary>
    ReplacedByInput,
    /// <summary>The node is still there: the rewrite was refused, by the rewrite itself or by ONNX Runtime.</summary>
    Unseeded,
}

/// <summary>
/// Opens the VAE encoder so that a posterior draw made inside its graph is the caller's to give: the graph is
/// rewritten in memory (<see cref="PosteriorNoiseInputRewrite"/>) and opened from those bytes. When that cannot be
/// done the file is opened as it is and the reason kept, for the warning that renders will not be reproducible.
/// </summary>
internal static class VaeEncoderSession
{
    /// <param name="ReplacementProblem">Why a random node could not be replaced; null when it was, or there is none.</param>
    public sealed record Opened(OnnxSubModel Model, InGraphDraw Draw, string? ReplacementProblem);

    /// <param name="openFile">Opens the file unchanged, the way every other sub-model is opened.</param>
    public static Opened Open(SessionFactory factory, string name, string path, Func<OnnxSubModel> openFile)
    {
        // The outline is read without the weights: exports that draw nothing (most of them) never have their
        // file read into memory.
        if (!HasRandomNormalNode(path)) return new Opened(openFile(), InGraphDraw.None, null);

        string problem;
        try
        {
            var rewrite = PosteriorNoiseInputRewrite.Apply(File.ReadAllBytes(path));
            if (rewrite is not null)
                return new Opened(new OnnxSubModel(name, path, factory.Open(path, rewrite.Model, rewrite.HasExternalData, name)),
                    InGraphDraw.ReplacedByInput, null);
            problem = "its RandomNormalLike node is not of the standard ONNX domain";
        }
        catch (InvalidDataException e)
        {
            problem = e.Message;
        }
        catch (OnnxRuntimeException e)
        {
            problem = $"ONNX Runtime refused the graph with the node replaced: {e.Message.Trim()}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"the file could not be read for rewriting: {e.Message}";
        }
        return new Opened(openFile(), InGraphDraw.Unseeded, problem);
    }

    /// <summary>
    /// Whether a node of the graph is a RandomNormalLike, the unseeded draw a torch export samples the posterior
    /// with. Only a node's operator counts: the name appearing as a node's or value's name or in a doc string
    /// does not.
    /// </summary>
    private static bool HasRandomNormalNode(string onnxPath)
    {
        try
        {
            return OnnxGraphOutline.Read(onnxPath).Nodes.Any(node => node.OpType == "RandomNormalLike");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // ONNX Runtime reads the file next and names what is wrong with it; a model it can open but this
            // reading cannot is treated as drawing nothing.
            return false;
        }
    }
}

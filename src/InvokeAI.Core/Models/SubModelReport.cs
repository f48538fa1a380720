namespace InvokeAI.Core.Models;

/// <summary>
/// One ONNX sub-model of a folder: its folder name (text_encoder, unet, vae_encoder, vae_decoder, text_encoder_2),
/// the model file, the bytes it occupies with its external weights, and its declared inputs and outputs.
/// </summary>
/// <param name="ExternalData">The files beside model.onnx that hold its weights (weights.pb, model.onnx_data), by name.</param>
public sealed record SubModelReport(
    string Name,
    string Path,
    long SizeBytes,
    IReadOnlyList<string> ExternalData,
    IReadOnlyList<TensorReport> Inputs,
    IReadOnlyList<TensorReport> Outputs)
{
    /// <summary>The folder's model file; every other file in it except the config is its external weights.</summary>
    public const string ModelFileName = "model.onnx";
    private const string ConfigFileName = "config.json";

    public double SizeMB => Math.Round(SizeBytes / 1048576.0, 1);

    /// <summary>"text_encoder: input_ids int64 [batch_size, sequence_length] -> last_hidden_state float32 [batch_size, sequence_length, 768]".</summary>
    public override string ToString() => $"{Name}: {string.Join(", ", Inputs)} -> {string.Join(", ", Outputs)}";

    internal static SubModelReport Of(OnnxSubModel model)
    {
        string folder = System.IO.Path.GetDirectoryName(model.FilePath)!;
        var external = new List<string>();
        long bytes = new FileInfo(model.FilePath).Length;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (file.Name is ModelFileName or ConfigFileName) continue;
            external.Add(file.Name);
            bytes += file.Length;
        }
        return new SubModelReport(
            System.IO.Path.GetFileName(folder),
            model.FilePath,
            bytes,
            external,
            model.Inputs.Select(input => TensorReport.From(input.Key, input.Value)).ToArray(),
            model.Outputs.Select(output => TensorReport.From(output.Key, output.Value)).ToArray());
    }
}

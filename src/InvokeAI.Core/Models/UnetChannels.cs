using System.Text.Json;

namespace InvokeAI.Core.Models;

/// <summary>
/// How many channels the UNet's <c>sample</c> input takes (4, or 9 for an inpainting checkpoint) and how that was
/// found out. Most exports do not declare the number: diffusers' convert script names the axis "channels", optimum
/// "num_channels". So the folder is asked in turn: the ONNX input's shape, unet/config.json's in_channels (optimum
/// writes it), the weight of the UNet's first convolution (always in the .onnx file), model_index.json's pipeline
/// class; and when nothing tells, 4 is assumed and a failing run says how to tell it (see <see cref="Advice"/>).
/// </summary>
/// <param name="Count">The channels the pipeline feeds.</param>
/// <param name="Source">Where <paramref name="Count"/> came from, for messages; null when it was assumed.</param>
/// <param name="Declared">The ONNX input itself fixes the number, so ONNX Runtime and the pipeline cannot disagree.</param>
internal sealed record UnetChannels(int Count, string? Source, bool Declared)
{
    public const int Ordinary = 4, Inpainting = 9;

    public static UnetChannels Resolve(OnnxSubModel unet, ModelFolder folder)
    {
        var sample = unet.Input("sample");
        var channels = sample.Dimensions[1] > 0
            ? new UnetChannels(sample.Dimensions[1], $"the shape of the input 'sample' of '{unet.FilePath}'", Declared: true)
            : FromUnetConfig(folder)
              ?? FromFirstConvolution(unet)
              ?? FromPipelineClass(folder)
              ?? new UnetChannels(Ordinary, Source: null, Declared: false);
        if (channels.Count is not (Ordinary or Inpainting))
            throw new ModelFolderException(unet.FilePath,
                $"The UNet '{unet.FilePath}' takes {channels.Count} input channels (from {channels.Source}); only 4 " +
                "(ordinary) and 9 (inpainting) UNets are supported, not e.g. InstructPix2Pix (8) or the x4 upscaler (7).");
        return channels;
    }

    /// <summary>
    /// What to add to a failing UNet run's message when the count was not declared by the model: where the count came
    /// from, and the file that settles it.
    /// </summary>
    public string Advice(ModelFolder folder, string symbolicAxis)
    {
        string axis = symbolicAxis.Length > 0 ? $"'{symbolicAxis}'" : "unnamed";
        return Source is null
            ? $"The UNet's 'sample' does not declare its channels (its channel axis is {axis}) and nothing in the model " +
              $"folder says how many it takes, so {Count} were assumed. If it is an inpainting UNet, write " +
              $"{{\"in_channels\": 9}} into '{folder.UnetConfigPath}'."
            : $"The UNet's 'sample' does not declare its channels (its channel axis is {axis}); {Count} were taken from " +
              $"{Source}. If that is wrong, write the right count into '{folder.UnetConfigPath}': {{\"in_channels\": 9}} " +
              "for an inpainting UNet, 4 for an ordinary one.";
    }

    private static UnetChannels? FromUnetConfig(ModelFolder folder)
    {
        string path = folder.UnetConfigPath;
        if (!File.Exists(path)) return null;
        try
        {
            using var config = JsonDocument.Parse(File.ReadAllText(path));
            if (config.RootElement.ValueKind != JsonValueKind.Object
                || !config.RootElement.TryGetProperty("in_channels", out var value))
                return null;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int count) || count < 1)
                throw new ModelFolderException(path, $"'{path}' gives in_channels {value}; it must be a whole number (4, or 9 for inpainting).");
            return new UnetChannels(count, $"in_channels in '{path}'", Declared: false);
        }
        catch (JsonException e)
        {
            throw new ModelFolderException(path, $"'{path}' is not valid JSON: {e.Message}", e);
        }
    }

    private static UnetChannels? FromFirstConvolution(OnnxSubModel unet)
    {
        int? count;
        try
        {
            count = FirstConvolutionChannels.Of(OnnxGraphOutline.Read(unet.FilePath), "sample");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // ONNX Runtime read the file already; if this reading of it fails, the other sources still may tell.
            return null;
        }
        return count is int known
            ? new UnetChannels(known, $"the weight of the first convolution in '{unet.FilePath}'", Declared: false)
            : null;
    }

    /// <summary>
    /// Inpainting pipelines' class names (OnnxStableDiffusionInpaintPipeline of the hub's onnx branches, optimum's
    /// ORTStableDiffusionInpaintPipeline) mean 9 channels, except the legacy inpainting pipeline, made for ordinary
    /// UNets. Other names say nothing: diffusers' convert script writes OnnxStableDiffusionPipeline for every model.
    /// </summary>
    private static UnetChannels? FromPipelineClass(ModelFolder folder)
    {
        string path = folder.ModelIndexPath;
        string? className = folder.Index.PipelineClass;
        if (className is null || !className.Contains("Inpaint", StringComparison.OrdinalIgnoreCase)) return null;
        int count = className.Contains("Legacy", StringComparison.OrdinalIgnoreCase) ? Ordinary : Inpainting;
        return new UnetChannels(count, $"the pipeline class {className} in '{path}'", Declared: false);
    }
}

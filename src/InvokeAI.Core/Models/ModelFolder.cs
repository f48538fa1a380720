namespace InvokeAI.Core.Models;

/// <summary>
/// The files of a diffusers ONNX Stable Diffusion folder (the layout diffusers' save_pretrained and optimum
/// write). Opening one only checks that the files exist; the ONNX contracts are checked when sessions load.
/// </summary>
public sealed class ModelFolder
{
    public string Root { get; }
    public string TextEncoderPath => Sub("text_encoder", "model.onnx");
    public string UnetPath => Sub("unet", "model.onnx");
    public string VaeEncoderPath => Sub("vae_encoder", "model.onnx");
    public string VaeDecoderPath => Sub("vae_decoder", "model.onnx");
    public string TokenizerFolder => Sub("tokenizer");
    /// <summary>SDXL's second text encoder (OpenCLIP bigG with its projection) and its tokenizer; other families have neither.</summary>
    public string TextEncoder2Path => Sub("text_encoder_2", "model.onnx");
    public string Tokenizer2Folder => Sub("tokenizer_2");
    public bool HasSecondTextEncoder => File.Exists(TextEncoder2Path);
    public string SchedulerConfigPath => Sub("scheduler", "scheduler_config.json");
    public string VaeDecoderConfigPath => Sub("vae_decoder", "config.json");
    public string VaeEncoderConfigPath => Sub("vae_encoder", "config.json");
    /// <summary>The UNet's diffusers config (optimum writes it; in_channels tells an inpainting UNet). Optional.</summary>
    public string UnetConfigPath => Sub("unet", "config.json");
    /// <summary>The pipeline's class and components; every diffusers and optimum export has it.</summary>
    public string ModelIndexPath => Sub("model_index.json");

    /// <summary>What model_index.json says that renders use; read once.</summary>
    public ModelIndex Index => _index ??= ModelIndex.Read(ModelIndexPath);
    private ModelIndex? _index;

    private ModelFolder(string root) => Root = root;

    /// <summary>Checks that every required file is there and throws a <see cref="ModelFolderException"/> naming the first one that is not.</summary>
    public static ModelFolder Open(string path)
    {
        string root = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(root))
            throw new ModelFolderException(root,
                $"Model folder '{root}' does not exist. Give a diffusers ONNX Stable Diffusion folder " +
                "(with text_encoder, unet, vae_encoder, vae_decoder, tokenizer and scheduler sub-folders).");

        var folder = new ModelFolder(root);
        // Checked first: without it the folder is most likely not a model folder at all (a parent, or a single sub-model).
        Require(folder.ModelIndexPath, "the pipeline index that diffusers and optimum write at the top of every model folder");
        Require(folder.TextEncoderPath, "the CLIP text encoder (ONNX)");
        Require(folder.UnetPath, "the UNet (ONNX)");
        Require(folder.VaeEncoderPath, "the VAE encoder (ONNX), needed to encode the init image");
        Require(folder.VaeDecoderPath, "the VAE decoder (ONNX)");
        Require(System.IO.Path.Combine(folder.TokenizerFolder, "vocab.json"), "the CLIP tokenizer vocabulary");
        Require(System.IO.Path.Combine(folder.TokenizerFolder, "merges.txt"), "the CLIP tokenizer BPE merges");
        Require(folder.SchedulerConfigPath, "the noise schedule (scheduler_config.json)");
        return folder;
    }

    private string Sub(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static void Require(string file, string what)
    {
        if (!File.Exists(file))
            throw new ModelFolderException(file, $"The model folder has no '{file}': expected {what}.");
    }
}

namespace InvokeAI.DemoModel;

/// <summary>
/// The relative paths of a demo model folder: the names a diffusers ONNX export uses, so the pipeline finds its
/// parts the same way in the demo and in a user's real model folder.
/// </summary>
internal static class DemoModelLayout
{
    public const string ModelIndex = "model_index.json";
    public const string SchedulerConfig = "scheduler/scheduler_config.json";
    public const string Vocabulary = "tokenizer/vocab.json";
    public const string Merges = "tokenizer/merges.txt";
    public const string SpecialTokensMap = "tokenizer/special_tokens_map.json";
    public const string TokenizerConfig = "tokenizer/tokenizer_config.json";
    public const string TextEncoder = "text_encoder/model.onnx";
    public const string Unet = "unet/model.onnx";
    /// <summary>Only in the variant that declares its channels there, as optimum's exports do.</summary>
    public const string UnetConfig = "unet/config.json";
    public const string VaeEncoder = "vae_encoder/model.onnx";
    public const string VaeEncoderConfig = "vae_encoder/config.json";
    public const string VaeDecoder = "vae_decoder/model.onnx";
    public const string VaeDecoderConfig = "vae_decoder/config.json";

    /// <summary>The key of model_index.json that marks a folder as this builder's work and holds its version.</summary>
    public const string DemoMarkerKey = "demo";

    public static IReadOnlyList<string> AllFiles { get; } =
    [
        ModelIndex, SchedulerConfig, Vocabulary, Merges, SpecialTokensMap, TokenizerConfig,
        TextEncoder, Unet, VaeEncoder, VaeEncoderConfig, VaeDecoder, VaeDecoderConfig,
    ];

    /// <summary>A layout path (always written with '/') under <paramref name="folder"/>, in the platform's form.</summary>
    public static string Resolve(string folder, string relativePath) =>
        Path.Combine(folder, relativePath.Replace('/', Path.DirectorySeparatorChar));
}

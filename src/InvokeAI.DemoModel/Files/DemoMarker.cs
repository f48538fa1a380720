using System.Text.Json;

namespace InvokeAI.DemoModel.Files;

/// <summary>
/// The "demo" object of model_index.json: it marks a folder as this builder's work and says which build and which
/// variant it holds, so a cached folder is reused only for the very model asked for.
/// </summary>
/// <param name="Version">The <see cref="DemoModelBuilder.Version"/> that wrote the folder.</param>
/// <param name="Timestep">The variant's timestep name (see <see cref="TimestepName"/>); null for the default.</param>
/// <param name="Inpainting">True for the inpainting (9-channel UNet) variant.</param>
/// <param name="Channels">Where the variant declares its UNet's channels (see <see cref="ChannelsName"/>); null for the default.</param>
/// <param name="FixedPromptLength">True for the variant whose UNet fixes its prompt's token axis at 77.</param>
internal sealed record DemoMarker(string Version, string? Timestep, bool Inpainting = false, string? Channels = null, bool FixedPromptLength = false)
{
    public const string VersionKey = "version";
    public const string TimestepKey = "timestep";
    public const string InpaintingKey = "inpainting";
    public const string ChannelsKey = "channels";
    public const string FixedPromptLengthKey = "fixed-prompt-length";
    public const string DescriptionKey = "description";

    /// <summary>
    /// The name a variant is recorded under. The default has none, so its model_index.json stays byte-for-byte
    /// what builds before the variants wrote, and folders cached by them still count as current.
    /// </summary>
    public static string? TimestepName(DemoTimestepInput timestep) => timestep switch
    {
        DemoTimestepInput.Float32Batch => null,
        DemoTimestepInput.Int64Batch => "int64",
        DemoTimestepInput.Float32Scalar => "float32-scalar",
        DemoTimestepInput.Float16Batch => "float16",
        _ => throw new ArgumentOutOfRangeException(nameof(timestep), timestep, "Unknown demo timestep input."),
    };

    /// <summary>The name a channel declaration is recorded under; none for the default, as for the timestep.</summary>
    public static string? ChannelsName(DemoChannelDeclaration channels) => channels switch
    {
        DemoChannelDeclaration.InputShape => null,
        DemoChannelDeclaration.UnetConfig => "unet-config",
        DemoChannelDeclaration.FirstConvolution => "first-convolution",
        DemoChannelDeclaration.PipelineClass => "pipeline-class",
        DemoChannelDeclaration.Nothing => "nothing",
        _ => throw new ArgumentOutOfRangeException(nameof(channels), channels, "Unknown demo channel declaration."),
    };

    public static DemoMarker For(string version, DemoModelOptions options) =>
        new(version, TimestepName(options.Timestep), options.Inpainting, ChannelsName(options.Channels), options.FixedPromptLength);

    /// <summary>The marker of <paramref name="folder"/>'s model_index.json, or null when it has none or cannot be read.</summary>
    public static DemoMarker? Read(string folder)
    {
        string indexPath = DemoModelLayout.Resolve(folder, DemoModelLayout.ModelIndex);
        if (!File.Exists(indexPath)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(indexPath));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty(DemoModelLayout.DemoMarkerKey, out var marker)
                || marker.ValueKind != JsonValueKind.Object
                || StringProperty(marker, VersionKey) is not { } version)
            {
                return null;
            }
            bool inpainting = marker.TryGetProperty(InpaintingKey, out var flag) && flag.ValueKind == JsonValueKind.True;
            bool fixedPromptLength = marker.TryGetProperty(FixedPromptLengthKey, out var fixedFlag) && fixedFlag.ValueKind == JsonValueKind.True;
            return new DemoMarker(version, StringProperty(marker, TimestepKey), inpainting, StringProperty(marker, ChannelsKey), fixedPromptLength);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringProperty(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

using System.Text.Json;

namespace InvokeAI.Core.Models;

/// <summary>
/// The latent scaling factor. It is never inside the exported graphs: optimum records it in the VAE config, older
/// diffusers exports do not, and then the family's own is right (SD 1.x/2.x 0.18215, SDXL 0.13025).
/// </summary>
internal static class VaeScale
{
    public const float StableDiffusionDefault = 0.18215f, StableDiffusionXLDefault = 0.13025f;

    public static float DefaultFor(ModelArchitecture architecture) =>
        architecture == ModelArchitecture.StableDiffusionXL ? StableDiffusionXLDefault : StableDiffusionDefault;

    /// <summary>The scale a VAE config states and that config's path; (null, null) when none states one.</summary>
    public static (float? Scale, string? ConfigPath) Locate(ModelFolder folder)
    {
        foreach (string config in new[] { folder.VaeDecoderConfigPath, folder.VaeEncoderConfigPath })
        {
            if (!File.Exists(config)) continue;
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(config));
                if (doc.RootElement.TryGetProperty("scaling_factor", out var value) && value.TryGetSingle(out float scale) && scale > 0)
                    return (scale, config);
            }
            catch (JsonException e)
            {
                throw new ModelFolderException(config, $"'{config}' is not valid JSON: {e.Message}", e);
            }
        }
        return (null, null);
    }
}

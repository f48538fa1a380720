using System.Text.Json;

namespace InvokeAI.Core.Models;

/// <summary>
/// The latent scaling factor. It is never inside the exported graphs: optimum records it in the VAE config,
/// older diffusers exports do not, and then SD 1.x/2.x's 0.18215 is right.
/// </summary>
internal static class VaeScale
{
    public const float StableDiffusionDefault = 0.18215f;

    public static float Read(ModelFolder folder) => Locate(folder).Scale;

    /// <summary>The scale and the config file that states it; a null file means the SD 1.x/2.x default was taken.</summary>
    public static (float Scale, string? ConfigPath) Locate(ModelFolder folder)
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
        return (StableDiffusionDefault, null);
    }
}

using System.Text.RegularExpressions;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// What the app_id and app_version of an sd-metadata record say about how its image was rendered. The Dream line
/// carries no version, so this is the only place a record says which InvokeAI wrote it.
/// </summary>
/// <remarks>
/// Read in invoke-ai/InvokeAI's ldm/invoke/args.py (<c>metadata_dumps</c>, APP_ID and APP_VERSION, later
/// ldm/invoke/__init__.py): 2.0.0 to 2.0.2 wrote app_id 'lstein/stable-diffusion' with app_version 'v1.15' (as did the
/// development builds leading to 2.0); 2.1.0 to 2.1.2 'invoke-ai/InvokeAI' with 'v2.02', 2.1.3 'v2.1.2', 2.2.0 to 2.2.3
/// 'v2.2.0', then the release's own number ('2.2.4', '2.2.5'). From 2.3 renders go through diffusers' pipeline, which
/// draws and spaces as this module does.
/// </remarks>
internal static partial class InvokeAIAppVersion
{
    private const string InvokeAIAppId = "invoke-ai/InvokeAI";
    private const string InvokeAI20AppId = "lstein/stable-diffusion";

    /// <summary>
    /// The settings the app's version implies: <see cref="RenderCompatibility.InvokeAI2"/> for InvokeAI 2.0 to 2.2.x, and
    /// for 2.0 also Karras off, as 2.0.1 and 2.0.2 ran (2.0.0, which records the same version, always took Karras
    /// σs: its renders need Karras given). Nothing for other apps, or versions it cannot read.
    /// </summary>
    public static RenderSettings SettingsImplied(string? appId, string? appVersion)
    {
        if (appId == InvokeAI20AppId && appVersion == "v1.15")
            return new RenderSettings { Compatibility = RenderCompatibility.InvokeAI2, Karras = false };
        if (appId != InvokeAIAppId || appVersion is null || VersionPattern().Match(appVersion) is not { Success: true } match)
            return RenderSettings.None;
        int major = int.Parse(match.Groups["major"].Value), minor = int.Parse(match.Groups["minor"].Value);
        return major == 2 && minor < 3 ? new RenderSettings { Compatibility = RenderCompatibility.InvokeAI2 } : RenderSettings.None;
    }

    // "v2.02", "v2.2.0", "2.2.5", "2.3.0+a0": the first two numbers.
    [GeneratedRegex(@"^v?(?<major>\d+)\.(?<minor>\d+)")]
    private static partial Regex VersionPattern();
}

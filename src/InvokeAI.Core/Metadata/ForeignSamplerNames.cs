using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// Other tools' sampler names in ours. Karras spacing is part of the name in A1111 ("DPM++ 2M Karras") and a
/// separate scheduler in ComfyUI; here it is the Karras flag. A name we have no sampler for is kept as the tool
/// wrote it, so the user still sees what was used.
/// </summary>
internal static class ForeignSamplerNames
{
    private const string A1111KarrasSuffix = " Karras";
    private const string InvokeAIKarrasSuffix = "_karras";

    /// <summary>InvokeAI 2.x's names are ours, except k_dpmpp_2 (2.3's DPM++ 2M); a "_karras" suffix is the flag.</summary>
    public static (string? Sampler, bool? Karras) FromInvokeAI(string? name)
    {
        if (name is null) return (null, null);
        bool karras = name.EndsWith(InvokeAIKarrasSuffix, StringComparison.OrdinalIgnoreCase);
        string bare = karras ? name[..^InvokeAIKarrasSuffix.Length] : name;
        if (bare.Equals("k_dpmpp_2", StringComparison.OrdinalIgnoreCase)) bare = "k_dpmpp_2m";
        return (Ours(bare) ?? name, karras ? true : null);
    }

    /// <summary>
    /// InvokeAI 3+'s scheduler names (its SCHEDULER_MAP: "lms", "euler_k", "kdpm_2_a", "pndm", ...): ours with or without
    /// "k_" ("kdpm" is k_dpm), a "_k" suffix being Karras; names of schedulers the module does not have are kept as written.
    /// </summary>
    public static (string? Sampler, bool? Karras) FromInvokeAI3(string? name)
    {
        if (name is null) return (null, null);
        bool karras = name.EndsWith("_k", StringComparison.OrdinalIgnoreCase);
        string bare = karras ? name[..^2] : name;
        var sampler = SamplerCatalog.TryFind(bare) ?? SamplerCatalog.TryFind("k_" + bare) ?? SamplerCatalog.TryFind(bare.Replace("kdpm", "k_dpm"));
        return sampler is null ? (name, null) : (sampler.Name, sampler.UsesKarras ? karras : null);
    }

    /// <summary>A1111's display names ("Euler a", "DPM++ 2M Karras"); newer versions give the schedule type apart.</summary>
    public static (string? Sampler, bool? Karras) FromA1111(string? name, string? scheduleType)
    {
        if (name is null) return (null, null);
        bool karras = name.EndsWith(A1111KarrasSuffix, StringComparison.OrdinalIgnoreCase)
                      || string.Equals(scheduleType, "Karras", StringComparison.OrdinalIgnoreCase);
        string bare = name.EndsWith(A1111KarrasSuffix, StringComparison.OrdinalIgnoreCase) ? name[..^A1111KarrasSuffix.Length] : name;
        var sampler = SamplerCatalog.All.FirstOrDefault(s => s.A1111Name.Equals(bare, StringComparison.OrdinalIgnoreCase));
        return (sampler?.Name ?? name, karras);
    }

    /// <summary>ComfyUI's sampler_name ("euler_ancestral", "dpmpp_2m", ...) and scheduler ("karras", "normal", ...).</summary>
    public static (string? Sampler, bool? Karras) FromComfyUI(string? samplerName, string? scheduler)
    {
        bool? karras = scheduler is null ? null : scheduler.Equals("karras", StringComparison.OrdinalIgnoreCase);
        if (samplerName is null) return (null, karras);
        return (Ours(samplerName) ?? Ours("k_" + samplerName) ?? samplerName, karras);
    }

    /// <summary>Our canonical name for a name or alias the catalogue knows; null otherwise.</summary>
    private static string? Ours(string name) => SamplerCatalog.TryFind(name)?.Name;
}

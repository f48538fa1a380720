using System.Reflection;

namespace InvokeAI.Core.Imaging;

/// <summary>
/// Carries the parameters that made images (prompt, seed, strength, …) onto new pixels: a render's intermediate
/// steps, a grid of renders. Done by reflection over the settable properties, because DiffusionImage is init-only
/// and a parameter added to it later must be carried along without touching every place that copies.
/// </summary>
public static class DiffusionImageParameters
{
    private static readonly PropertyInfo[] Parameters = typeof(DiffusionImage)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.Name != nameof(DiffusionImage.Pixels))
        .ToArray();

    /// <summary>Sets every parameter that <paramref name="target"/> leaves unset (null) to <paramref name="source"/>'s value.</summary>
    public static DiffusionImage FillFrom(this DiffusionImage target, DiffusionImage source)
    {
        foreach (var parameter in Parameters)
        {
            if (parameter.GetValue(target) is null) parameter.SetValue(target, parameter.GetValue(source));
        }
        return target;
    }

    /// <summary>
    /// A new image of these pixels with the parameters all <paramref name="images"/> agree on (a grid of one
    /// render's steps keeps its seed and prompt, so Save-Image names it by the seed); the others stay unset.
    /// </summary>
    public static DiffusionImage Shared(IReadOnlyList<DiffusionImage> images, RgbaImage pixels)
    {
        var result = new DiffusionImage { Pixels = pixels };
        if (images.Count == 0) return result;
        foreach (var parameter in Parameters)
        {
            object? first = parameter.GetValue(images[0]);
            if (first is not null && images.All(i => Equals(parameter.GetValue(i), first)))
                parameter.SetValue(result, first);
        }
        return result;
    }
}

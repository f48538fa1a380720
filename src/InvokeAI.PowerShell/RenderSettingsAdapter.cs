using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Reflection;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell;

/// <summary>
/// Shows the objects that carry a <see cref="RenderSettings"/> (rendered images, read records) with the settings'
/// properties beside their own, as PowerShell users expect: <c>$image.Seed</c>, <c>Select-Object Prompt, Seed</c>,
/// format views, and binding by property name (a rendered image piped back into Invoke-Img2Img brings its Prompt, Seed
/// and Strength; a record piped into Get-PromptToken its Prompt). Registered for those types in the module's types
/// file; a setting added to the record appears here by itself. Where both have a property of one name (Width and
/// Height: the size of a step preview's pixels against the render's), the object's own wins; the other stays under
/// <c>.Settings</c>.
/// </summary>
public sealed class RenderSettingsAdapter : PSPropertyAdapter
{
    private static readonly PropertyInfo[] SettingsProperties = typeof(RenderSettings)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => RenderSettings.Names.Contains(p.Name))
        .ToArray();

    public override Collection<PSAdaptedProperty> GetProperties(object baseObject)
    {
        var own = OwnProperties(baseObject);
        var properties = new Collection<PSAdaptedProperty>();
        foreach (var property in own)
        {
            properties.Add(new PSAdaptedProperty(property.Name, property));
            if (property.PropertyType != typeof(RenderSettings)) continue;
            // The settings right after the property that holds them, in their own order.
            foreach (var setting in SettingsProperties.Where(s => !own.Any(o => o.Name == s.Name)))
                properties.Add(new PSAdaptedProperty(setting.Name, setting));
        }
        return properties;
    }

    public override PSAdaptedProperty? GetProperty(object baseObject, string propertyName)
    {
        var property = OwnProperties(baseObject).FirstOrDefault(p => p.Name.Equals(propertyName, StringComparison.OrdinalIgnoreCase))
                       ?? SettingsProperties.FirstOrDefault(p => p.Name.Equals(propertyName, StringComparison.OrdinalIgnoreCase));
        return property is null ? null : new PSAdaptedProperty(property.Name, property);
    }

    public override object? GetPropertyValue(PSAdaptedProperty adaptedProperty)
    {
        var property = (PropertyInfo)adaptedProperty.Tag;
        object target = adaptedProperty.BaseObject;
        if (property.DeclaringType == typeof(RenderSettings))
            target = OwnProperties(target).First(p => p.PropertyType == typeof(RenderSettings)).GetValue(target) ?? RenderSettings.None;
        return property.GetValue(target);
    }

    public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty) =>
        ((PropertyInfo)adaptedProperty.Tag).PropertyType.FullName ?? string.Empty;

    public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

    /// <remarks>
    /// The object's own init-only properties stay settable, as PowerShell's own adapter leaves them, so that
    /// <c>[DiffusionImage]@{ Pixels = ...; Settings = ... }</c> builds one; the settings shown beside them are a view
    /// of one record, set as a whole through Settings.
    /// </remarks>
    public override bool IsSettable(PSAdaptedProperty adaptedProperty) =>
        adaptedProperty.Tag is PropertyInfo { CanWrite: true } property && property.DeclaringType != typeof(RenderSettings);

    public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object value)
    {
        // PowerShell asks IsSettable first and refuses a setting itself ("The adapter cannot set the value of ...").
        var property = (PropertyInfo)adaptedProperty.Tag;
        property.SetValue(adaptedProperty.BaseObject, LanguagePrimitives.ConvertTo(value, property.PropertyType));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, PropertyInfo[]> OwnPropertiesByType = new();

    private static PropertyInfo[] OwnProperties(object baseObject) => OwnPropertiesByType.GetOrAdd(baseObject.GetType(),
        type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray());
}

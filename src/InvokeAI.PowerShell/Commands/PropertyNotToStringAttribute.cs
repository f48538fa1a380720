using System.Management.Automation;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// For a string parameter that binds by value and by the property of its name: an object that has that property
/// stands for the property's value, even when it is $null, never for its ToString().
/// </summary>
/// <remarks>
/// PowerShell tries the whole object by value, converted to a string, before it binds a $null property by name (a
/// null string counts as a conversion, which only the last pass allows). Without this, an image from Import-Image
/// (Prompt $null) reached Get-PromptToken -Prompt as "512×512 image".
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PropertyNotToStringAttribute(string property) : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is null or string || value.GetType().IsPrimitive) return inputData;
        return PSObject.AsPSObject(inputData).Properties[property] is { } named ? named.Value : inputData;
    }
}

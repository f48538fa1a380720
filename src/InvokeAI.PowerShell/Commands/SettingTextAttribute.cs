using System.Management.Automation;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Text for a render setting that binds by property name (an Import-Csv cell, a piped object's property), read as
/// <see cref="RenderSettings.From"/> reads it: an empty or blank text means "not given" (an empty CSV cell must leave
/// -Seed random and -Strength at its default, where PowerShell's own conversion would make it 0), and text that is not
/// the setting's kind of value ('abc', '12abc') is an error naming the value. PowerShell's binder would otherwise drop
/// a value it cannot convert silently for this cmdlet's piped objects, rendering that row with a default instead.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SettingTextAttribute(string setting) : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is not string text) return inputData;
        try
        {
            return RenderSettings.From([KeyValuePair.Create<string, object?>(setting, text)], SettingSource.Item).ValueOf(setting);
        }
        catch (RenderSettingException e)
        {
            throw new ArgumentTransformationMetadataException(e.Reason, e);
        }
    }
}

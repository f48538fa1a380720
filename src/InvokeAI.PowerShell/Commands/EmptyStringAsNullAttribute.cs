using System.Management.Automation;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// An empty or blank string means "not given" for a number that binds by property name: an empty CSV cell
/// (Import-Csv writes "" for it) must leave -Seed random and -Strength at its default, where PowerShell's own
/// conversion would make it 0.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class EmptyStringAsNullAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value is string text && string.IsNullOrWhiteSpace(text) ? null : inputData;
    }
}

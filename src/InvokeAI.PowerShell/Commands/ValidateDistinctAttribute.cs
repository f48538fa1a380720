using System.Collections;
using System.Management.Automation;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Refuses a list that names a value twice (-DeviceId 0,0), at binding: the second would only return the first's
/// session again, which is never what a list of devices means.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateDistinctAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (arguments is not IEnumerable values) return;
        var seen = new HashSet<object>();
        foreach (object value in values)
            if (!seen.Add(value))
                throw new ValidationMetadataException($"{value} is given more than once; each value may appear only once.");
    }
}

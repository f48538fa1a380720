using System.Globalization;
using System.Management.Automation;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// [ValidateRange] for a parameter that binds by property name and may meet a null: an image imported from a file
/// has no Seed or Strength, and that means "not given", not "out of range" (PowerShell's own ValidateRange refuses
/// null, which would fail every such image). Any value is checked as ValidateRange checks it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateRangeUnlessNullAttribute : ValidateArgumentsAttribute
{
    private readonly double _min;
    private readonly double _max;

    public ValidateRangeUnlessNullAttribute(double min, double max)
    {
        _min = min;
        _max = max;
    }

    public ValidateRangeUnlessNullAttribute(long min, long max) : this((double)min, (double)max) { }

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        object? value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        if (value is null) return;
        double number = LanguagePrimitives.ConvertTo<double>(value);
        string shown = Convert.ToString(value, CultureInfo.CurrentCulture) ?? string.Empty;
        if (double.IsNaN(number) || number < _min)
            throw new ValidationMetadataException(
                $"The {shown} argument is less than the minimum allowed range of {_min.ToString(CultureInfo.CurrentCulture)}. " +
                $"Supply an argument that is greater than or equal to {_min.ToString(CultureInfo.CurrentCulture)} and then try the command again.");
        if (number > _max)
            throw new ValidationMetadataException(
                $"The {shown} argument is greater than the maximum allowed range of {_max.ToString(CultureInfo.CurrentCulture)}. " +
                $"Supply an argument that is less than or equal to {_max.ToString(CultureInfo.CurrentCulture)} and then try the command again.");
    }
}

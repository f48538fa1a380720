using System.Globalization;
using System.Management.Automation;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// [ValidateRange] with the range a render setting declares (<see cref="RenderSettings"/>), so a range is written
/// once. A null is "not given", not out of range: an image imported from a file has no Seed or Strength to bind.
/// Any value is checked and worded as ValidateRange does (ParameterArgumentValidationError).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateSettingRangeAttribute(string setting) : ValidateArgumentsAttribute
{
    private readonly SettingRangeAttribute _range = RenderSettings.RangeOf(setting)
                                                    ?? throw new ArgumentException($"The render setting '{setting}' declares no range.", nameof(setting));

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        object? value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        if (value is null) return;
        double number = LanguagePrimitives.ConvertTo<double>(value);
        string shown = Convert.ToString(value, CultureInfo.CurrentCulture) ?? string.Empty;
        string minimum = _range.Minimum.ToString(CultureInfo.CurrentCulture), maximum = _range.Maximum.ToString(CultureInfo.CurrentCulture);
        if (double.IsNaN(number) || number < _range.Minimum)
            throw new ValidationMetadataException(
                $"The {shown} argument is less than the minimum allowed range of {minimum}. " +
                $"Supply an argument that is greater than or equal to {minimum} and then try the command again.");
        if (number > _range.Maximum)
            throw new ValidationMetadataException(
                $"The {shown} argument is greater than the maximum allowed range of {maximum}. " +
                $"Supply an argument that is less than or equal to {maximum} and then try the command again.");
    }
}

using System.Management.Automation;
using InvokeAI.Core.Imaging;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// $InvokeAIMaxImagePixels: the decode limit for image files, as a preference variable so that it follows PowerShell's
/// scoping (set in a profile, a script or one function) and each runspace has its own. Unset means
/// <see cref="ImageLoadLimits.DefaultMaxPixels"/>. Every cmdlet that reads image files asks here, and nowhere else.
/// </summary>
internal static class ImageLoadLimitsPreference
{
    public const string VariableName = "InvokeAIMaxImagePixels";
    public const string InvalidId = "InvokeAIMaxImagePixelsInvalid";

    /// <summary>The limit in force where the cmdlet runs; a value that is not a whole number in range stops the cmdlet.</summary>
    public static ImageLoadLimits Read(PSCmdlet cmdlet)
    {
        object? value = cmdlet.SessionState.PSVariable.GetValue(VariableName);
        if (value is null) return ImageLoadLimits.Default;
        try
        {
            // 1.5 pixels is a mistake to report, not a number to round.
            object raw = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (raw is double or float or decimal && Convert.ToDecimal(raw, System.Globalization.CultureInfo.InvariantCulture) % 1 != 0)
                throw new PSInvalidCastException($"{value} is not a whole number.");
            return new ImageLoadLimits { MaxPixels = LanguagePrimitives.ConvertTo<long>(value) };
        }
        catch (Exception e) when (e is PSInvalidCastException or ArgumentOutOfRangeException or OverflowException)
        {
            var problem = new ArgumentException(
                $"${VariableName} is '{value}': it must be a number of pixels from 1 to {ImageLoadLimits.LargestMaxPixels:N0} " +
                $"(the default is {ImageLoadLimits.DefaultMaxPixels:N0}, 8192×8192); remove it for the default.", e);
            cmdlet.ThrowTerminatingError(new ErrorRecord(problem, InvalidId, ErrorCategory.InvalidArgument, value));
            throw; // not reached: ThrowTerminatingError always throws
        }
    }
}

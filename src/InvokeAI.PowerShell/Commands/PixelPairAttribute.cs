using System.Collections;
using System.Globalization;
using System.Management.Automation;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Lets -OriginalSize and -CropTopLeft take two numbers as PowerShell writes them (16,8 is an array) as well as text
/// ('1024x768', '16,8'), and says what is wrong with text that is neither instead of PowerShell's bare "cannot
/// convert". <paramref name="pairType"/> is the parameter's type: <see cref="PixelSize"/> or <see cref="PixelOffset"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PixelPairAttribute(Type pairType) : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        string? text = value switch
        {
            string s => s,
            IList { Count: 2 } pair => string.Create(CultureInfo.InvariantCulture, $"{Unwrap(pair[0])},{Unwrap(pair[1])}"),
            _ => null,
        };
        if (text is null) return inputData;
        try
        {
            return pairType == typeof(PixelSize) ? PixelSize.Parse(text) : PixelOffset.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ArgumentTransformationMetadataException(e.Message, e);
        }
    }

    private static object? Unwrap(object? item) => item is PSObject wrapped ? wrapped.BaseObject : item;
}

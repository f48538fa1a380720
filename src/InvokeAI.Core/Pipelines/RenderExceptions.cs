namespace InvokeAI.Core.Pipelines;

/// <summary>Where a render setting came from, which says who has to change it.</summary>
public enum SettingSource
{
    /// <summary>Given for the whole call (a cmdlet's command line, a request).</summary>
    Given,
    /// <summary>Taken from a recorded render the call repeats (-Metadata).</summary>
    Recorded,
    /// <summary>Brought by one item of a batch (a piped object's property): only that item fails.</summary>
    Item,
}

/// <summary>
/// A render setting that cannot be used: outside its range, against another setting, or more than the model's
/// schedule can honour. <see cref="ArgumentException.ParamName"/> names the setting, as <see cref="RenderSettings"/>
/// and the cmdlets' parameters name it.
/// </summary>
public class RenderSettingException(string setting, string message, SettingSource source = SettingSource.Given, Exception? inner = null)
    : ArgumentException(message, setting, inner)
{
    public string Setting => ParamName!;
    /// <summary>What is wrong, without the "(Parameter ...)" that <see cref="ArgumentException.Message"/> adds.</summary>
    public string Reason { get; } = message;
    /// <summary>Whose setting it is: the call's, the record's, or one item's.</summary>
    public SettingSource Origin { get; } = source;
}

/// <summary>
/// A render with no prompt from anywhere: nothing to draw. The call's fault when it gives none and its items can bring
/// none; one item's (<see cref="SettingSource.Item"/>) when that item's own Prompt is empty.
/// </summary>
public sealed class PromptMissingException(string message, SettingSource source = SettingSource.Given)
    : RenderSettingException(nameof(RenderSettings.Prompt), message, source);

/// <summary>
/// A record that is not of a render (InvokeAI's !fix or !mask line, a step image's placeholder) given to repeat: it has
/// no settings to render by.
/// </summary>
public sealed class RecordNotARenderException(string message)
    : RenderSettingException("Metadata", message, SettingSource.Recorded);

/// <summary>An init image that cannot be sized for a render (smaller than 64 pixels on a side once sized).</summary>
public sealed class InitImageSizeException(string message, Exception? inner = null) : ArgumentException(message, inner);

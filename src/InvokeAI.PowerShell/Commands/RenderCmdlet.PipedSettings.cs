using System.Management.Automation;

namespace InvokeAI.PowerShell.Commands;

/// <summary>
/// Render settings a piped object may carry, by property name: Prompt, Seed and Strength (and Variations, bound to
/// -WithVariations), so `Import-Csv jobs.csv | Invoke-Img2Img` renders each row with its own, and a rendered image
/// piped back in renders with its own prompt and seed. What the command line gives wins (PowerShell never binds
/// from the pipeline a parameter the command line bound), and so does what -Metadata gives, which stands for
/// parameters the command line left out; a piped object fills in only the rest, and only for itself.
/// </summary>
public abstract partial class RenderCmdlet
{
    /// <summary>The strength of a render that nothing gave one to: InvokeAI's default.</summary>
    private const double DefaultStrength = 0.75;

    /// <summary>What the command line and -Metadata gave, restored over whatever an object brought with it.</summary>
    private CommandLineSettings _commandLine;

    /// <summary>Whether the cross-setting rules still wait for each object's own Strength.</summary>
    private bool _rulesWaitForStrength;

    private readonly record struct CommandLineSettings(string? Prompt, long? Seed, double? Strength, bool VariationsGiven, object? WithVariations);

    protected double EffectiveStrength => Strength ?? DefaultStrength;

    /// <summary>Objects may still bring settings: this command has pipeline input.</summary>
    private bool SettingsMayBePiped => MyInvocation.ExpectingInput;

    /// <summary>
    /// In BeginProcessing, after -Metadata filled in what the command line left out. PowerShell hands each object's
    /// values to the properties and restores them afterwards, so the snapshot is what stays the same for all.
    /// </summary>
    private void RememberCommandLineSettings() =>
        _commandLine = new(Prompt, Seed, Strength, IsGiven(nameof(WithVariations)) || _variationsFromMetadata, WithVariations);

    /// <summary>
    /// The rules that tie settings together, checked before the first render, when a bad combination can still
    /// stop the command. When each object may bring its own Strength and the command line gave none, only what no
    /// strength can mend is checked now (at strength 1 every strength rule holds); the rest waits for each object.
    /// </summary>
    private void CheckCommandLineRules()
    {
        _rulesWaitForStrength = Strength is null && SettingsMayBePiped;
        if (CheckRules(_rulesWaitForStrength ? 1.0 : EffectiveStrength) is { } problem)
            ThrowParameterError(problem.Message, problem.Setting);
    }

    /// <summary>
    /// Settles this pipeline object's settings before its renders: the command line's and -Metadata's win over the
    /// object's own, a prompt must come from somewhere, and the object's Strength must suit the other settings.
    /// False when this object cannot be rendered (its error is written); a command that can render nothing stops.
    /// </summary>
    protected bool PrepareRecord()
    {
        // Before the prompt check: a record without a prompt should hear that it belongs to -Metadata, not that it
        // lacks a prompt.
        if (RefusePipedMetadata()) return false;
        // An empty or blank Prompt from the object is not given, as an empty Seed or Strength cell is: an empty
        // CSV cell must not render unconditioned. One given on the command line (or by -Metadata) stays a prompt.
        bool emptyPiped = _commandLine.Prompt is null && Prompt is not null && string.IsNullOrWhiteSpace(Prompt);
        Prompt = _commandLine.Prompt ?? (emptyPiped ? null : Prompt);
        Seed = _commandLine.Seed ?? Seed;
        Strength = _commandLine.Strength ?? Strength;
        if (_commandLine.VariationsGiven) WithVariations = _commandLine.WithVariations;

        // Missing for this object means missing for the command: a stream of files has no prompt in any of them.
        if (Prompt is null) ThrowPromptMissing(emptyPiped);

        if (!_rulesWaitForStrength || CheckRules(EffectiveStrength) is not { } problem) return true;
        // The default strength breaks the rule for every object that brings none: that is the command line's fault.
        if (Strength is null) ThrowParameterError(problem.Message, problem.Setting);
        WriteError(new ArgumentException(problem.Message, problem.Setting), "RenderParameterInvalid", ErrorCategory.InvalidArgument, problem.Setting);
        return false;
    }

    private void ThrowPromptMissing(bool emptyPiped = false)
    {
        string why = emptyPiped ? "The piped object's Prompt is empty, which counts as not given; give -Prompt, or fill in its Prompt."
            : Metadata is not null ? "The -Metadata has no prompt; give -Prompt."
            : SettingsMayBePiped ? "Give -Prompt, or pipe objects that have a Prompt property."
            : "Give -Prompt.";
        ThrowTerminatingError(new ErrorRecord(new ArgumentException($"A render needs a prompt. {why}", nameof(Prompt)),
            "PromptMissing", ErrorCategory.InvalidArgument, null));
    }
}

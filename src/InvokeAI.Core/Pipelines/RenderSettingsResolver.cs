using System.Globalization;
using InvokeAI.Core.Metadata;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// Settles the settings of each render of a call from what the call brings, strongest first: the settings given for
/// the whole call (a cmdlet's command line), a recorded render it repeats (-Metadata), what each item of a batch brings
/// (a piped object's Prompt, Seed, Strength or Variations), then <see cref="RenderSettings.Defaults"/>. Each source is
/// checked as soon as it is known, so a bad call stops before anything renders and a bad item fails alone: problems are
/// <see cref="RenderSettingException"/>s whose <see cref="RenderSettingException.Origin"/> says whose they are.
/// </summary>
public sealed class RenderSettingsResolver
{
    private readonly RenderSettings _forEveryItem;
    private readonly bool _itemsMayBringSettings;
    private readonly bool _hasRecord;
    private readonly List<string> _warnings = [];
    private bool _anItemBroughtAPrompt;

    /// <param name="given">The settings given for every render of the call; null values are not given.</param>
    /// <param name="recorded">A recorded render to repeat: it supplies every setting <paramref name="given"/> leaves out.</param>
    /// <param name="itemsMayBringSettings">Items still to come may bring their own settings (a cmdlet with pipeline input).</param>
    /// <param name="maskGiven">An inpainting mask was given, so the record's mask file is not needed.</param>
    public RenderSettingsResolver(RenderSettings given, ImageMetadata? recorded = null, bool itemsMayBringSettings = false, bool maskGiven = false)
    {
        if (given is { Steps: not null, DenoiseSteps: not null })
            throw new RenderSettingException(nameof(RenderSettings.DenoiseSteps),
                "Give -Steps or -DenoiseSteps, not both: -DenoiseSteps chooses the total steps itself.");

        if (recorded is { Kind: not RecordKind.Render })
            throw new RecordNotARenderException(
                $"The metadata{(recorded.Path is null ? "" : $" of '{recorded.Path}'")} is not of a render: it is {recorded.Description}. " +
                "It has no settings to render by; give the record of a render.");
        var fromRecord = recorded is null ? RenderSettings.None : TakeFromRecord(given, recorded);
        TakenFromRecord = fromRecord.StatedNames().ToList();
        if (recorded is not null)
        {
            RecordedMaskFile = FindRecordedMask(recorded, maskGiven);
            var taken = TakenFromRecord.Concat(RecordedMaskFile is null ? [] : ["Mask"]).ToList();
            RecordUse = $"From the {recorded.Format} metadata{(recorded.Path is null ? "" : $" of '{recorded.Path}'")}: " +
                        (taken.Count == 0 ? "nothing (every parameter it has was given)." : string.Join(", ", taken) + ".");
        }

        _forEveryItem = given.Over(fromRecord);
        _itemsMayBringSettings = itemsMayBringSettings;
        _hasRecord = recorded is not null;
        // Items may still bring a prompt; without them, a call with none has nothing to draw.
        if (_forEveryItem.Prompt is null && !itemsMayBringSettings) throw PromptMissing(itemsOwn: false);

        // A combination no item can mend stops the call now. When items may bring their own strength and none was
        // given, only what holds at every strength is checked here (at strength 1 every strength rule holds); the
        // rest waits for each item.
        var check = _forEveryItem.WithDefaults();
        if (_forEveryItem.Strength is null && itemsMayBringSettings) check = check with { Strength = 1.0 };
        // Nor is the prompt read when its syntax may still come with an item (an A1111 record piped in).
        if (_forEveryItem.PromptSyntax is null && itemsMayBringSettings) check = check with { PromptSyntax = null };
        // The model, not yet known, may bring its own sampler (lcm) when none was given.
        if (RenderRules.Find(check, samplerKnown: _forEveryItem.Sampler is not null) is { } problem)
            throw new RenderSettingException(problem.Setting, problem.Message, inner: problem.Cause);
    }

    /// <summary>The settings taken from the recorded render (those the call did not give), in declaration order.</summary>
    public IReadOnlyList<string> TakenFromRecord { get; }

    /// <summary>What the call takes from the recorded render, in words; null without one.</summary>
    public string? RecordUse { get; }

    /// <summary>The recorded render's -Mask file, to read again: it still exists and no mask was given.</summary>
    public string? RecordedMaskFile { get; }

    /// <summary>What the user should know about the call's settings (a recorded mask that cannot be brought back).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>
    /// The complete settings of one item's renders (seeds not chosen yet): the call's over what the item brings, over
    /// the model's own defaults (<paramref name="modelDefaults"/>: a Turbo or LCM model's few steps; null while the
    /// model is not known, which leaves the rules that depend on its sampler for later), over InvokeAI's defaults. An item's blank prompt counts as not given, as an empty CSV cell must not
    /// render unconditioned.
    /// </summary>
    public RenderSettings ForItem(RenderSettings item, RenderSettings? modelDefaults = null)
    {
        bool blankPrompt = item.Prompt is not null && string.IsNullOrWhiteSpace(item.Prompt);
        if (item.Prompt is not null && !blankPrompt) _anItemBroughtAPrompt = true;
        var stated = _forEveryItem.Over(item with { Prompt = blankPrompt ? null : item.Prompt });
        var settings = stated.Over(modelDefaults ?? RenderSettings.None).WithDefaults();
        // Missing for this item means missing for the call (a stream of files has no prompt in any of them), unless the
        // item's own Prompt is blank, or items before it brought prompts (a JSON row whose Prompt is null): then the
        // item alone fails and the batch goes on.
        if (settings.Prompt is null) throw PromptMissing(blankPrompt || _anItemBroughtAPrompt);
        // Without the model's defaults its sampler is not known yet, unless stated.
        if (RenderRules.Find(settings, samplerKnown: modelDefaults is not null || stated.Sampler is not null) is not { } problem) return settings;
        // The default strength breaking a rule for an item that brings none is the call's fault, not the item's; so is
        // a value the call gave (a cmdlet's item repeats what the command line bound to a by-property parameter).
        var itemsOwn = item.Unless(_forEveryItem);
        // So is the item's own PromptSyntax that cannot read the call's prompt: the other items may read it.
        bool itemsFault = itemsOwn.Strength is not null || itemsOwn.StatedNames().Contains(problem.Setting)
                          || (problem.Cause is Prompts.PromptSyntaxException && itemsOwn.PromptSyntax is not null);
        throw new RenderSettingException(problem.Setting, problem.Message, itemsFault ? SettingSource.Item : SettingSource.Given, problem.Cause);
    }

    /// <summary>
    /// What the record supplies: each setting it states that the call leaves out, checked as that setting's parameter
    /// would check it. -Steps and -DenoiseSteps exclude each other; Karras and η come only where the sampler in use
    /// takes them (an explicit -Sampler may not); an empty list of variations leaves the items theirs.
    /// </summary>
    private static RenderSettings TakeFromRecord(RenderSettings given, ImageMetadata recorded)
    {
        var stated = recorded.Settings with
        {
            Steps = given.DenoiseSteps is null ? recorded.Settings.Steps : null,
            DenoiseSteps = given.Steps is null ? recorded.Settings.DenoiseSteps : null,
            Variations = recorded.Settings.Variations is { Count: > 0 } variations ? variations : null,
        };
        var taken = stated.Unless(given);

        if (taken.Sampler is { } name)
        {
            if (!SamplerCatalog.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw FromRecord(nameof(RenderSettings.Sampler), $"The metadata names the sampler '{name}', which renders here do not have; give -Sampler " +
                                                                 $"({string.Join(", ", SamplerCatalog.All.Select(s => s.Name))}).");
            taken = taken with { Sampler = SamplerCatalog.Find(name).Name };
        }
        var sampler = SamplerCatalog.Find(given.Sampler ?? taken.Sampler ?? SamplerCatalog.Default);
        taken = taken with { Karras = sampler.UsesKarras ? taken.Karras : null, Eta = sampler.UsesEta ? taken.Eta : null };

        if (taken.Seed > uint.MaxValue)
            throw FromRecord(nameof(RenderSettings.Seed), $"The metadata's seed {taken.Seed} is above {uint.MaxValue}, the largest seed renders take; give -Seed.");
        foreach (string setting in taken.StatedNames())
        {
            if (RenderRules.OutOfRange(setting, taken.ValueOf(setting)) is not null)
                throw FromRecord(setting, string.Create(CultureInfo.InvariantCulture,
                    $"The metadata's {setting} {taken.ValueOf(setting)} is outside {RenderSettings.RangeOf(setting)}; give -{setting}."));
        }
        return taken;
    }

    /// <summary>The record's mask file when a re-render can read it again; otherwise a warning says why it cannot.</summary>
    private string? FindRecordedMask(ImageMetadata recorded, bool maskGiven)
    {
        if (recorded.MaskSource != MaskSource.Mask || maskGiven) return null;
        if (recorded.MaskPath is { } path && File.Exists(path)) return path;
        _warnings.Add(recorded.MaskPath is null
            ? "The recorded render used a -Mask image object, which the record cannot bring back: give -Mask to repeat it."
            : $"The recorded render's mask '{recorded.MaskPath}' no longer exists: give -Mask to repeat it.");
        return null;
    }

    private static RenderSettingException FromRecord(string setting, string message) => new(setting, message, SettingSource.Recorded);

    private PromptMissingException PromptMissing(bool itemsOwn)
    {
        string why = itemsOwn ? "The piped object's Prompt is empty or missing, which counts as not given; give -Prompt, or fill in its Prompt."
            : _hasRecord ? "The -Metadata has no prompt; give -Prompt."
            : _itemsMayBringSettings ? "Give -Prompt, or pipe objects that have a Prompt property."
            : "Give -Prompt.";
        // An empty Prompt cell is that row's problem: the rows after it still render.
        return new PromptMissingException($"A render needs a prompt. {why}", itemsOwn ? SettingSource.Item : SettingSource.Given);
    }
}

using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Metadata;

/// <summary>
/// The module's own record of a render, as JSON: every setting of the image (InvokeAI's formats cannot hold Karras, η
/// or the noise source) and what the render found out (the steps it took, the model folder, the init image's and the
/// mask's hashes), so that the same model and init image make the image again. Saved under <see cref="Keyword"/> in a
/// PNG and as the EXIF user comment of a JPEG or WebP. camelCase names, null values left out, the settings at the top
/// level beside the rest, as version 1 has always written them.
/// </summary>
public static class RenderRecordJson
{
    /// <summary>The PNG text chunk keyword the record is saved under.</summary>
    public const string Keyword = "invokeai-powershell";

    /// <summary>Raised when a field changes meaning; readers of an older version still read what they know.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The version of this module, as the manifest has it (without the build's source revision).</summary>
    public static string CurrentModuleVersion { get; } =
        (typeof(RenderRecordJson).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Prompts stay readable in the file (é, not \u00E9); the text is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write(DiffusionImage image)
    {
        var record = new JsonObject
        {
            // Marks the JSON as this record where the container has no keyword to say so (an EXIF comment).
            ["format"] = MetadataFormats.InvokeAIPowerShell,
            ["formatVersion"] = CurrentFormatVersion,
            ["moduleVersion"] = CurrentModuleVersion,
        };
        foreach (var (name, value) in JsonSerializer.SerializeToNode(image.Settings, Options)!.AsObject().ToList())
        {
            record[name] = value?.DeepClone();
        }
        void Add(string name, JsonNode? value)
        {
            if (value is not null) record[name] = value;
        }
        Add("stepsTaken", image.StepsTaken);
        Add("model", image.Model is { } model ? new JsonObject { ["name"] = ModelName(model), ["path"] = model } : null);
        Add("provider", image.Provider);
        Add("initImage", image.SourcePath is null && image.InitImageHash is null ? null
            : WithoutNulls(new JsonObject { ["path"] = image.SourcePath, ["hash"] = image.InitImageHash }));
        Add("maskHash", image.MaskHash);
        Add("inpainted", image.Inpainted);
        Add("maskSource", image.MaskSource?.ToString());
        Add("maskPath", image.MaskPath);
        Add("step", image.Step);
        return record.ToJsonString(Options);
    }

    /// <summary>
    /// The record in <paramref name="json"/>; null when it is not JSON or not this module's record. A record of a later
    /// format version than this module reads throws <see cref="MetadataVersionException"/>.
    /// </summary>
    public static ImageMetadata? TryRead(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            // The marker must be in the text itself: any JSON object could otherwise pass for ours.
            if (Json.String(root, "format") != MetadataFormats.InvokeAIPowerShell) return null;
            // A later version may have changed what a field means: refused whole rather than half-read into a render
            // that differs from the recorded one without a word.
            // A record without one predates the field (every version so far wrote 1).
            if (root.TryGetProperty("formatVersion", out var version)
                && !(version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out int number) && number is >= 1 and <= CurrentFormatVersion))
                throw new MetadataVersionException(version.GetRawText(), CurrentFormatVersion);
            var model = Json.Property(root, "model") ?? default;
            var initImage = Json.Property(root, "initImage") ?? default;
            return new ImageMetadata
            {
                Format = MetadataFormats.InvokeAIPowerShell,
                Settings = ReadSettings(root),
                StepsTaken = Json.Int32(root, "stepsTaken"),
                ModelName = Json.String(model, "name"),
                ModelPath = Json.String(model, "path"),
                Provider = Json.String(root, "provider"),
                InitImagePath = Json.String(initImage, "path"),
                InitImageHash = Json.String(initImage, "hash"),
                MaskHash = Json.String(root, "maskHash"),
                Inpainted = Json.Boolean(root, "inpainted"),
                MaskSource = Enum.TryParse(Json.String(root, "maskSource"), out MaskSource source) ? source : null,
                MaskPath = Json.String(root, "maskPath"),
                Step = Json.Int32(root, "step"),
                ModuleVersion = Json.String(root, "moduleVersion"),
                SourceText = json,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The settings the record states, each read on its own: a value this version cannot read (an option or a noise
    /// source a later version added) leaves that one setting unstated instead of losing the whole record.
    /// </summary>
    private static RenderSettings ReadSettings(JsonElement record)
    {
        var values = new List<KeyValuePair<string, object?>>();
        foreach (var setting in typeof(RenderSettings).GetProperties().Where(p => RenderSettings.Names.Contains(p.Name)))
        {
            if (!record.TryGetProperty(JsonNamingPolicy.CamelCase.ConvertName(setting.Name), out var value)) continue;
            try
            {
                values.Add(new(setting.Name, value.Deserialize(setting.PropertyType, Options)));
            }
            catch (JsonException)
            {
                // Unreadable here: not stated.
            }
        }
        return RenderSettings.From(values, SettingSource.Recorded);
    }

    /// <summary>A model folder's name, as other tools name a model.</summary>
    public static string ModelName(string folder) => Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));

    private static JsonObject WithoutNulls(JsonObject node)
    {
        foreach (var name in node.Where(p => p.Value is null).Select(p => p.Key).ToList()) node.Remove(name);
        return node;
    }
}

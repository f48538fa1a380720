using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace InvokeAI.DemoModel.Files;

/// <summary>Writes the folder's small JSON files indented, as diffusers and transformers save them.</summary>
internal static class JsonFile
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Keeps "<|endoftext|>" readable as in a real tokenizer_config.json; these files are never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(string path, JsonNode content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ToJsonString(Indented) + "\n");
    }
}

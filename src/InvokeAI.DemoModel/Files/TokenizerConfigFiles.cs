using System.Text.Json.Nodes;
using InvokeAI.DemoModel.Graphs;

namespace InvokeAI.DemoModel.Files;

/// <summary>
/// The transformers tokenizer settings of an SD 1.x folder: CLIP's start and end tokens, padding with the end
/// token (SD 2.x pads with "!", which is why pipelines must read this rather than assume), 77 positions.
/// </summary>
internal static class TokenizerConfigFiles
{
    private const string StartOfText = "<|startoftext|>";
    private const string EndOfText = "<|endoftext|>";

    public static JsonObject SpecialTokensMap() => new()
    {
        ["bos_token"] = AddedToken(StartOfText),
        ["eos_token"] = AddedToken(EndOfText),
        ["pad_token"] = EndOfText,
        ["unk_token"] = AddedToken(EndOfText),
    };

    public static JsonObject TokenizerConfig() => new()
    {
        ["add_prefix_space"] = false,
        ["bos_token"] = AddedToken(StartOfText),
        ["do_lower_case"] = true,
        ["eos_token"] = AddedToken(EndOfText),
        ["errors"] = "replace",
        ["model_max_length"] = TextEncoderGraph.SequenceLength,
        ["pad_token"] = EndOfText,
        ["tokenizer_class"] = "CLIPTokenizer",
        ["unk_token"] = AddedToken(EndOfText),
    };

    private static JsonObject AddedToken(string content) => new()
    {
        ["content"] = content,
        ["lstrip"] = false,
        ["normalized"] = true,
        ["rstrip"] = false,
        ["single_word"] = false,
    };
}

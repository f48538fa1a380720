namespace InvokeAI.Core.Imaging;

/// <summary>
/// ImageSharp's messages can run over several lines ("Image cannot be loaded. Available decoders:" and one line per
/// decoder); an error record names the file and fits on one line, so only the first sentence is kept.
/// </summary>
internal static class DecoderMessages
{
    public static string OneLine(string message)
    {
        string first = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
        const string DecoderList = "Available decoders:";
        int list = first.IndexOf(DecoderList, StringComparison.Ordinal);
        if (list >= 0) first = first[..list];
        return first.Trim().TrimEnd('.');
    }
}

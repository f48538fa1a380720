namespace InvokeAI.Core.Tokenization;

/// <summary>
/// Reads merges.txt: an optional "#version" header, then one merge per line ("first second"),
/// highest priority first. A merge's rank is its position among the merge lines.
/// </summary>
internal static class ClipMergesReader
{
    // CLIP's merge count; only a capacity hint.
    private const int ExpectedMergeCount = 48_894;

    public static Dictionary<(string First, string Second), int> Read(Stream mergesTxt)
    {
        ArgumentNullException.ThrowIfNull(mergesTxt);

        using var reader = new StreamReader(mergesTxt, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var rankOfPair = new Dictionary<(string, string), int>(ExpectedMergeCount);
        var lineNumber = 0;
        var mergeIndex = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)))
            {
                continue;
            }

            var separator = line.IndexOf(' ');
            if (separator <= 0 || separator == line.Length - 1 || line.IndexOf(' ', separator + 1) >= 0)
            {
                throw new InvalidDataException(
                    $"merges.txt line {lineNumber} is \"{line}\"; each merge line must be two symbols separated by one space.");
            }

            // A repeated pair takes its later position, as the reference's dict(zip(merges, range(n))) does.
            rankOfPair[(line[..separator], line[(separator + 1)..])] = mergeIndex++;
        }

        return rankOfPair;
    }
}

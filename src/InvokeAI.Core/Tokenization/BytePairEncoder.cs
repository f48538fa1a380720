using System.Collections.Concurrent;

namespace InvokeAI.Core.Tokenization;

/// <summary>
/// Splits one byte-encoded word into vocabulary pieces by applying the merge rules, lowest rank first.
/// The last piece of a word carries the <c>&lt;/w&gt;</c> end-of-word marker, as in CLIP's vocabulary.
/// Safe to share between threads.
/// </summary>
internal sealed class BytePairEncoder
{
    public const string EndOfWordMarker = "</w>";

    // Prompts repeat the same words constantly, and BPE is the expensive step.
    // The cap only guards long-lived hosts fed unusual text; the common words come back quickly.
    private const int MaxCachedWords = 100_000;

    private readonly IReadOnlyDictionary<(string First, string Second), int> _mergeRanks;
    private readonly ConcurrentDictionary<string, string[]> _cache = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string[]> _fixedWords;

    /// <param name="mergeRanks">Each merge pair with its position in merges.txt (lower merges first).</param>
    /// <param name="wordsKeptWhole">Words that are never split, such as the special tokens.</param>
    public BytePairEncoder(
        IReadOnlyDictionary<(string First, string Second), int> mergeRanks,
        IEnumerable<string> wordsKeptWhole)
    {
        _mergeRanks = mergeRanks;
        _fixedWords = wordsKeptWhole.ToDictionary(word => word, word => new[] { word }, StringComparer.Ordinal);
    }

    public int MergeCount => _mergeRanks.Count;

    /// <summary>Returns the pieces of <paramref name="byteEncodedWord"/>; callers must not modify the array.</summary>
    public string[] Encode(string byteEncodedWord)
    {
        if (_fixedWords.TryGetValue(byteEncodedWord, out var whole))
        {
            return whole;
        }

        if (_cache.TryGetValue(byteEncodedWord, out var cached))
        {
            return cached;
        }

        var pieces = Merge(byteEncodedWord);
        if (_cache.Count >= MaxCachedWords)
        {
            _cache.Clear();
        }

        _cache[byteEncodedWord] = pieces;
        return pieces;
    }

    private string[] Merge(string word)
    {
        if (word.Length == 0)
        {
            return Array.Empty<string>();
        }

        var symbols = new List<string>(word.Length);
        for (var i = 0; i < word.Length - 1; i++)
        {
            symbols.Add(word[i].ToString());
        }

        symbols.Add(word[^1] + EndOfWordMarker);

        while (symbols.Count > 1 && TryFindBestPair(symbols, out var first, out var second))
        {
            symbols = MergeEveryOccurrence(symbols, first, second);
        }

        return symbols.ToArray();
    }

    private bool TryFindBestPair(List<string> symbols, out string first, out string second)
    {
        var bestRank = int.MaxValue;
        first = second = string.Empty;
        for (var i = 0; i < symbols.Count - 1; i++)
        {
            if (_mergeRanks.TryGetValue((symbols[i], symbols[i + 1]), out var rank) && rank < bestRank)
            {
                bestRank = rank;
                first = symbols[i];
                second = symbols[i + 1];
            }
        }

        return bestRank != int.MaxValue;
    }

    // Left to right and non-overlapping, so "a a a" with merge (a, a) gives "aa a", as the reference does.
    private static List<string> MergeEveryOccurrence(List<string> symbols, string first, string second)
    {
        var merged = new List<string>(symbols.Count);
        var i = 0;
        while (i < symbols.Count)
        {
            if (i < symbols.Count - 1 && symbols[i] == first && symbols[i + 1] == second)
            {
                merged.Add(first + second);
                i += 2;
            }
            else
            {
                merged.Add(symbols[i]);
                i++;
            }
        }

        return merged;
    }
}

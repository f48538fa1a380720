namespace InvokeAI.Core.Tokenization;

/// <summary>
/// CLIP's byte-level BPE tokenizer, giving the same ids as OpenAI CLIP and Hugging Face's CLIPTokenizer.
/// Immutable after loading and safe to share between threads.
/// </summary>
public sealed class ClipTokenizer
{
    public const string VocabularyFileName = "vocab.json";
    public const string MergesFileName = "merges.txt";
    public const string StartOfTextToken = "<|startoftext|>";
    public const string EndOfTextToken = "<|endoftext|>";
    public const int DefaultMaxLength = 77;

    private readonly Dictionary<string, int> _idOfToken;
    private readonly Dictionary<int, string> _tokenOfId;
    private readonly BytePairEncoder _encoder;

    private ClipTokenizer(
        Dictionary<string, int> idOfToken,
        Dictionary<(string First, string Second), int> mergeRanks,
        string? padToken,
        int maxLength)
    {
        if (maxLength < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "The maximum length must leave room for the start and end tokens (at least 2).");
        }

        _idOfToken = idOfToken;
        _tokenOfId = IndexById(idOfToken);
        _encoder = new BytePairEncoder(mergeRanks, new[] { StartOfTextToken, EndOfTextToken });
        BosId = RequireId(StartOfTextToken, "start-of-text token");
        EosId = RequireId(EndOfTextToken, "end-of-text token");
        PadId = padToken is null ? EosId : RequireId(padToken, "pad token");
        MaxLength = maxLength;
    }

    /// <summary>Length of <see cref="TokenizedPrompt.InputIds"/>, start and end tokens included (77 for CLIP).</summary>
    public int MaxLength { get; }

    /// <summary>Id of <c>&lt;|startoftext|&gt;</c>.</summary>
    public int BosId { get; }

    /// <summary>Id of <c>&lt;|endoftext|&gt;</c>.</summary>
    public int EosId { get; }

    /// <summary>Id that fills <see cref="TokenizedPrompt.InputIds"/> after the end token: EOS for SD 1.x, "!" (0) for SD 2.x.</summary>
    public int PadId { get; }

    public int VocabularySize => _idOfToken.Count;

    public int MergeCount => _encoder.MergeCount;

    /// <summary>
    /// Loads vocab.json and merges.txt from a Hugging Face tokenizer folder, taking the pad token and
    /// model_max_length from special_tokens_map.json / tokenizer_config.json when they are there.
    /// </summary>
    /// <exception cref="FileNotFoundException">vocab.json or merges.txt is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, or names a pad token the vocabulary lacks.</exception>
    public static ClipTokenizer FromFolder(string tokenizerFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenizerFolder);
        var folder = Path.GetFullPath(tokenizerFolder);
        var vocabularyPath = RequireFile(folder, VocabularyFileName, "the JSON object mapping each token's text to its id");
        var mergesPath = RequireFile(folder, MergesFileName, "the BPE merge rules, one \"first second\" pair per line");
        var settings = ClipTokenizerFolderSettings.Read(folder);

        using var vocabulary = File.OpenRead(vocabularyPath);
        using var merges = File.OpenRead(mergesPath);
        return FromStreams(vocabulary, merges, settings.PadToken, settings.ModelMaxLength ?? DefaultMaxLength);
    }

    /// <summary>Loads from a vocab.json stream and a merges.txt stream; the streams are read, not closed.</summary>
    /// <param name="padToken">Text of the pad token, e.g. "!"; null pads with the end-of-text token.</param>
    /// <param name="maxLength">Length of the padded id sequence, start and end tokens included.</param>
    public static ClipTokenizer FromStreams(Stream vocabJson, Stream mergesTxt, string? padToken = null, int maxLength = DefaultMaxLength)
    {
        var idOfToken = ClipVocabularyReader.Read(vocabJson);
        var mergeRanks = ClipMergesReader.Read(mergesTxt);
        return new ClipTokenizer(idOfToken, mergeRanks, padToken, maxLength);
    }

    /// <summary>
    /// Tokenizes <paramref name="prompt"/>: BOS, its word pieces, EOS, cut to <see cref="MaxLength"/> with EOS
    /// kept last, then padded with <see cref="PadId"/>.
    /// </summary>
    public TokenizedPrompt Encode(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);

        var pieceIds = EncodeWithoutSpecialTokens(prompt);
        var room = MaxLength - 2;
        var kept = Math.Min(pieceIds.Count, room);
        var dropped = pieceIds.Count - kept;

        var tokens = new List<int>(kept + 2) { BosId };
        tokens.AddRange(pieceIds.Take(kept));
        tokens.Add(EosId);

        var inputIds = new int[MaxLength];
        tokens.CopyTo(inputIds);
        Array.Fill(inputIds, PadId, tokens.Count, MaxLength - tokens.Count);

        return new TokenizedPrompt(tokens.AsReadOnly(), inputIds, dropped > 0, dropped);
    }

    /// <summary>
    /// What the text encoder takes for a chunk of word pieces: BOS, the pieces, EOS, then <see cref="PadId"/> up to
    /// <see cref="MaxLength"/>. A long prompt is several such chunks (see <c>Prompts.PromptChunker</c>).
    /// </summary>
    /// <exception cref="ArgumentException">More pieces than fit between the start and end tokens.</exception>
    public int[] Frame(IReadOnlyList<int> pieceIds)
    {
        ArgumentNullException.ThrowIfNull(pieceIds);
        if (pieceIds.Count > MaxLength - 2)
            throw new ArgumentException($"A chunk holds at most {MaxLength - 2} word pieces; this one has {pieceIds.Count}.", nameof(pieceIds));
        var inputIds = new int[MaxLength];
        inputIds[0] = BosId;
        for (int i = 0; i < pieceIds.Count; i++) inputIds[i + 1] = pieceIds[i];
        inputIds[pieceIds.Count + 1] = EosId;
        Array.Fill(inputIds, PadId, pieceIds.Count + 2, MaxLength - pieceIds.Count - 2);
        return inputIds;
    }

    /// <summary>The word-piece ids of <paramref name="text"/>, without BOS/EOS, truncation or padding.</summary>
    public IReadOnlyList<int> EncodeWithoutSpecialTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var ids = new List<int>();
        foreach (var word in ClipPreTokenizer.Split(ClipTextNormalizer.Normalize(text)))
        {
            foreach (var piece in _encoder.Encode(ByteToUnicodeMap.Encode(word)))
            {
                // Unreachable with a complete byte-level vocabulary; the reference maps unknowns to its
                // unk token, which for CLIP is the end-of-text token.
                ids.Add(_idOfToken.TryGetValue(piece, out var id) ? id : EosId);
            }
        }

        return ids;
    }

    /// <summary>The vocabulary text of <paramref name="id"/>, e.g. "fire&lt;/w&gt;".</summary>
    /// <exception cref="ArgumentOutOfRangeException">No token has this id.</exception>
    public string TokenText(int id)
    {
        if (!_tokenOfId.TryGetValue(id, out var text))
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, "The vocabulary has no token with this id.");
        }

        return text;
    }

    /// <summary>Exact vocabulary lookup: <paramref name="token"/> is vocabulary text such as "red&lt;/w&gt;".</summary>
    public bool TryGetId(string token, out int id)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _idOfToken.TryGetValue(token, out id);
    }

    private int RequireId(string token, string role)
    {
        if (!_idOfToken.TryGetValue(token, out var id))
        {
            throw new InvalidDataException($"The vocabulary has no \"{token}\" ({role}).");
        }

        return id;
    }

    private static Dictionary<int, string> IndexById(Dictionary<string, int> idOfToken)
    {
        var tokenOfId = new Dictionary<int, string>(idOfToken.Count);
        foreach (var (token, id) in idOfToken)
        {
            tokenOfId[id] = token;
        }

        return tokenOfId;
    }

    private static string RequireFile(string folder, string fileName, string expectedContent)
    {
        var path = Path.Combine(folder, fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The CLIP tokenizer file '{path}' is missing. It should hold {expectedContent}.", path);
        }

        return path;
    }
}

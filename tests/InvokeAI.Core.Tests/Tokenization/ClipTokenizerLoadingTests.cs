using InvokeAI.Core.Tokenization;

namespace InvokeAI.Core.Tests.Tokenization;

public sealed class ClipTokenizerLoadingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clip-tokenizer-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void RepositoryTokenizerHasClipSizesAndSpecialIds()
    {
        var tokenizer = SharedClipTokenizer.Instance;

        Assert.Equal(49408, tokenizer.VocabularySize);
        Assert.Equal(48894, tokenizer.MergeCount);
        Assert.Equal(49406, tokenizer.BosId);
        Assert.Equal(49407, tokenizer.EosId);
        Assert.Equal(49407, tokenizer.PadId);
        Assert.Equal(77, tokenizer.MaxLength);
    }

    [Theory]
    [InlineData("special_tokens_map.json", """{ "pad_token": "!" }""")]
    [InlineData("tokenizer_config.json", """{ "pad_token": { "__type": "AddedToken", "content": "!", "lstrip": false }, "model_max_length": 77 }""")]
    public void PadTokenFromFolderSettingsIsUsed(string settingsFileName, string settingsJson)
    {
        CopyVocabularyFiles();
        File.WriteAllText(Path.Combine(_folder, settingsFileName), settingsJson);

        var tokenizer = ClipTokenizer.FromFolder(_folder);
        var result = tokenizer.Encode("fire");

        Assert.Equal(0, tokenizer.PadId);
        Assert.Equal(new[] { 49406, 1769, 49407 }, result.Tokens);
        Assert.All(result.InputIds.Skip(3), id => Assert.Equal(0, id));
    }

    [Fact]
    public void SpecialTokensMapWinsOverTokenizerConfig()
    {
        CopyVocabularyFiles();
        File.WriteAllText(Path.Combine(_folder, "tokenizer_config.json"), """{ "pad_token": "<|endoftext|>" }""");
        File.WriteAllText(Path.Combine(_folder, "special_tokens_map.json"), """{ "pad_token": { "content": "!" } }""");

        Assert.Equal(0, ClipTokenizer.FromFolder(_folder).PadId);
    }

    [Fact]
    public void ModelMaxLengthFromTokenizerConfigIsUsed()
    {
        CopyVocabularyFiles();
        File.WriteAllText(Path.Combine(_folder, "tokenizer_config.json"), """{ "model_max_length": 10 }""");

        var result = ClipTokenizer.FromFolder(_folder).Encode("one two three four five six seven eight nine ten");

        Assert.Equal(10, result.InputIds.Length);
        Assert.Equal(10, result.Tokens.Count);
        Assert.Equal(2, result.DroppedTokenCount);
    }

    [Fact]
    public void UnlimitedModelMaxLengthSentinelFallsBackTo77()
    {
        CopyVocabularyFiles();
        File.WriteAllText(Path.Combine(_folder, "tokenizer_config.json"), """{ "model_max_length": 1000000000000000019884624838656 }""");

        Assert.Equal(77, ClipTokenizer.FromFolder(_folder).MaxLength);
    }

    [Fact]
    public void MissingMergesFileIsNamedInTheError()
    {
        File.Copy(Path.Combine(RepoPaths.ClipTokenizerFolder, "vocab.json"), Path.Combine(_folder, "vocab.json"));
        var expectedPath = Path.Combine(_folder, "merges.txt");

        var error = Assert.Throws<FileNotFoundException>(() => ClipTokenizer.FromFolder(_folder));

        Assert.Equal(expectedPath, error.FileName);
        Assert.Contains(expectedPath, error.Message);
        Assert.Contains("merge", error.Message);
    }

    [Fact]
    public void MissingVocabularyFileIsNamedInTheError()
    {
        File.Copy(Path.Combine(RepoPaths.ClipTokenizerFolder, "merges.txt"), Path.Combine(_folder, "merges.txt"));
        var expectedPath = Path.Combine(_folder, "vocab.json");

        var error = Assert.Throws<FileNotFoundException>(() => ClipTokenizer.FromFolder(_folder));

        Assert.Equal(expectedPath, error.FileName);
        Assert.Contains(expectedPath, error.Message);
    }

    [Fact]
    public void PadTokenMissingFromVocabularyIsRejected()
    {
        using var vocabulary = File.OpenRead(Path.Combine(RepoPaths.ClipTokenizerFolder, "vocab.json"));
        using var merges = File.OpenRead(Path.Combine(RepoPaths.ClipTokenizerFolder, "merges.txt"));

        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.FromStreams(vocabulary, merges, padToken: "<|no-such-token|>"));

        Assert.Contains("<|no-such-token|>", error.Message);
    }

    [Fact]
    public void FromStreamsUsesGivenPadTokenAndLength()
    {
        using var vocabulary = File.OpenRead(Path.Combine(RepoPaths.ClipTokenizerFolder, "vocab.json"));
        using var merges = File.OpenRead(Path.Combine(RepoPaths.ClipTokenizerFolder, "merges.txt"));

        var tokenizer = ClipTokenizer.FromStreams(vocabulary, merges, padToken: "!", maxLength: 5);
        var result = tokenizer.Encode("fire");

        Assert.Equal(new[] { 49406, 1769, 49407, 0, 0 }, result.InputIds);
    }

    private void CopyVocabularyFiles()
    {
        foreach (var fileName in new[] { "vocab.json", "merges.txt" })
        {
            File.Copy(Path.Combine(RepoPaths.ClipTokenizerFolder, fileName), Path.Combine(_folder, fileName));
        }
    }
}

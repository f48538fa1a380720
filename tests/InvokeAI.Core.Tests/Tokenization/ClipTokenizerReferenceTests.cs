using System.Text.Json;

namespace InvokeAI.Core.Tests.Tokenization;

/// <summary>Every prompt in TestData/clip-token-ids.json must give exactly the reference ids.</summary>
public sealed class ClipTokenizerReferenceTests
{
    public static TheoryData<string, int[]> ReferenceCases()
    {
        var path = RepoPaths.Combine("tests", "InvokeAI.Core.Tests", "TestData", "clip-token-ids.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var cases = new TheoryData<string, int[]>();
        foreach (var testCase in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var ids = testCase.GetProperty("ids").EnumerateArray().Select(id => id.GetInt32()).ToArray();
            cases.Add(testCase.GetProperty("prompt").GetString()!, ids);
        }

        return cases;
    }

    [Fact]
    public void ReferenceFileHasAllThirteenCases()
    {
        // Guards against the theory silently running on fewer cases if the file is cut or misread.
        Assert.Equal(13, ReferenceCases().Count());
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void EncodeGivesTheReferenceIds(string prompt, int[] expectedIds)
    {
        var result = SharedClipTokenizer.Instance.Encode(prompt);

        Assert.Equal(expectedIds, result.Tokens);
        Assert.False(result.Truncated);
        Assert.Equal(0, result.DroppedTokenCount);
    }
}

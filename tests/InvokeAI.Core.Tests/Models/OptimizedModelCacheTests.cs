using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Tests.Pipelines;

namespace InvokeAI.Core.Tests.Models;

/// <summary>
/// The optimised-model cache on the tiny fixtures: tiny-sd has external UNet weights (weights.pb) and a VAE encoder
/// rewritten in memory; tiny-sd-lp is optimum's layout with the weights inside each graph. Each test works on its
/// own copy of the folder, so touching or breaking files never reaches the fixtures.
/// </summary>
public sealed class OptimizedModelCacheTests : IDisposable
{
    private static readonly RgbaImage Init = DemoModelFixture.Gradient(64, 64, (200, 60, 40), (30, 90, 210));
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), $"invokeai-cache-{Guid.NewGuid():N}");
    private string Cache => Path.Combine(_scratch, "cache");

    public void Dispose()
    {
        if (Directory.Exists(_scratch)) Directory.Delete(_scratch, recursive: true);
    }

    private string CopyOf(string fixture)
    {
        string source = RepoPaths.Combine("tests", "fixtures", "models", fixture);
        string target = Path.Combine(_scratch, fixture);
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return target;
    }

    private DiffusionModel Load(string folder, List<string>? warnings = null, bool cached = true, int? threads = null) =>
        DiffusionModel.Load(folder, new ModelLoadOptions { OptimizedModelCache = cached ? Cache : null, IntraOpThreads = threads },
            warnings is null ? null : warnings.Add);

    private static byte[] Render(DiffusionModel model) =>
        Img2ImgPipeline.Render(model, new Img2ImgRequest
        {
            InitImage = Init,
            Settings = new() { Prompt = "a red house by a lake", Sampler = "k_euler_a", Steps = 6, Strength = 0.7, Seed = 7, CfgScale = 7.5 },
        }).Pixels.Pixels;

    private static Dictionary<string, OptimizedModelCacheOutcome> Outcomes(DiffusionModel model) =>
        model.OptimizedModelCacheUses.ToDictionary(u => u.SubModel, u => u.Outcome);

    private string EntryOf(DiffusionModel model, string subModel) =>
        model.OptimizedModelCacheUses.Single(u => u.SubModel == subModel).Entry;

    [Fact]
    public void TheFirstLoadCreatesAnEntryPerSubModelAndTheSecondOpensThemUnwritten()
    {
        string folder = CopyOf("tiny-sd");
        Dictionary<string, DateTime> written;
        using (var first = Load(folder))
        {
            Assert.Equal(Cache, first.OptimizedModelCacheDirectory);
            Assert.Equal(["text encoder", "UNet", "VAE encoder", "VAE decoder"], first.OptimizedModelCacheUses.Select(u => u.SubModel));
            Assert.All(first.OptimizedModelCacheUses, u => Assert.Equal(OptimizedModelCacheOutcome.Created, u.Outcome));
            foreach (var use in first.OptimizedModelCacheUses)
            {
                Assert.True(File.Exists(Path.Combine(use.Entry, OptimizedModelCache.ModelFileName)), use.Entry);
                Assert.True(File.Exists(Path.Combine(use.Entry, OptimizedModelCache.ManifestFileName)), use.Entry);
                // The folder's name carries the key: the sub-model's folder, then 64 hex digits of SHA-256.
                Assert.Matches("^[a-z_]+-[0-9a-f]{64}$", Path.GetFileName(use.Entry));
            }
            // tiny-sd's UNet keeps its weights in weights.pb: the optimised graph's go to the entry's data file.
            Assert.True(File.Exists(Path.Combine(EntryOf(first, "UNet"), OptimizedModelCache.DataFileName)));
            written = Directory.EnumerateFiles(Cache, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        }
        Assert.Equal(4, Directory.GetDirectories(Cache).Length);

        using var second = Load(folder);
        Assert.All(second.OptimizedModelCacheUses, u => Assert.Equal(OptimizedModelCacheOutcome.Used, u.Outcome));
        Assert.Equal(written, Directory.EnumerateFiles(Cache, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    [Theory]
    [InlineData("tiny-sd")]
    [InlineData("tiny-sd-lp")]
    public void RendersAreBitIdenticalWithAndWithoutTheCache(string fixture)
    {
        string folder = CopyOf(fixture);
        byte[] uncached;
        using (var plain = Load(folder, cached: false)) uncached = Render(plain);
        using (var creating = Load(folder))
        {
            Assert.All(creating.OptimizedModelCacheUses, u => Assert.Equal(OptimizedModelCacheOutcome.Created, u.Outcome));
            Assert.Equal(uncached, Render(creating));
        }
        using var cached = Load(folder);
        Assert.All(cached.OptimizedModelCacheUses, u => Assert.Equal(OptimizedModelCacheOutcome.Used, u.Outcome));
        Assert.Equal(uncached, Render(cached));
    }

    [Fact]
    public void ARewrittenVaeEncoderIsCachedUnderItsOwnKey()
    {
        string folder = CopyOf("tiny-sd");
        using var model = Load(folder);
        Assert.Equal(PosteriorOutput.SampledInGraph, model.VaeEncoderPosterior);
        string manifest = File.ReadAllText(Path.Combine(EntryOf(model, "VAE encoder"), OptimizedModelCache.ManifestFileName));
        Assert.Contains("(rewritten in memory)", manifest);
    }

    [Fact]
    public void ChangingASourceFileWriteTimeInvalidatesItsEntryAndRemovesTheStaleOne()
    {
        string folder = CopyOf("tiny-sd");
        string oldUnetEntry;
        using (var first = Load(folder)) oldUnetEntry = EntryOf(first, "UNet");

        // The external weights, not the graph: both files of a sub-model are in its key.
        string weights = Path.Combine(folder, "unet", "weights.pb");
        File.SetLastWriteTimeUtc(weights, File.GetLastWriteTimeUtc(weights).AddMinutes(1));

        using var second = Load(folder);
        var outcomes = Outcomes(second);
        Assert.Equal(OptimizedModelCacheOutcome.Created, outcomes["UNet"]);
        Assert.Equal(OptimizedModelCacheOutcome.Used, outcomes["text encoder"]);
        Assert.Equal(OptimizedModelCacheOutcome.Used, outcomes["VAE decoder"]);
        Assert.NotEqual(oldUnetEntry, EntryOf(second, "UNet"));
        Assert.False(Directory.Exists(oldUnetEntry), "the entry of the file as it was is deleted");
        Assert.Single(Directory.GetDirectories(Cache, "unet-*"));
    }

    [Fact]
    public void ATruncatedEntryIsDeletedLoadedFromSourceAndReplaced()
    {
        string folder = CopyOf("tiny-sd-lp");
        string entry;
        byte[] expected;
        using (var first = Load(folder))
        {
            entry = EntryOf(first, "UNet");
            expected = Render(first);
        }
        string graph = Path.Combine(entry, OptimizedModelCache.ModelFileName);
        using (var stream = new FileStream(graph, FileMode.Open)) stream.SetLength(stream.Length / 2);

        var warnings = new List<string>();
        using (var second = Load(folder, warnings))
        {
            Assert.Equal(OptimizedModelCacheOutcome.Replaced, Outcomes(second)["UNet"]);
            Assert.Contains(warnings, w => w.Contains(entry) && w.Contains("cannot be used"));
            Assert.Equal(expected, Render(second));
        }
        using var third = Load(folder);
        Assert.Equal(OptimizedModelCacheOutcome.Used, Outcomes(third)["UNet"]);
    }

    [Fact]
    public void AnEntryOnnxRuntimeRefusesIsReplacedNotAFailedLoad()
    {
        string folder = CopyOf("tiny-sd-lp");
        string entry;
        using (var first = Load(folder)) entry = EntryOf(first, "VAE decoder");
        // The same length, so the manifest's check passes and ONNX Runtime is the one to refuse it.
        string graph = Path.Combine(entry, OptimizedModelCache.ModelFileName);
        File.WriteAllBytes(graph, new byte[new FileInfo(graph).Length]);

        var warnings = new List<string>();
        using var second = Load(folder, warnings);
        Assert.Equal(OptimizedModelCacheOutcome.Replaced, Outcomes(second)["VAE decoder"]);
        Assert.Contains(warnings, w => w.Contains("ONNX Runtime refused it"));
        Assert.True(new FileInfo(graph).Length > 0 && File.ReadAllBytes(graph).Any(b => b != 0), "a fresh graph is in place");
    }

    [Fact]
    public void ATemporaryFolderIsNeverTakenForAnEntry()
    {
        string folder = CopyOf("tiny-sd-lp");
        using (Load(folder)) { }
        // As a crash would leave it: the entry's files written, the folder never renamed into place.
        string entry = Directory.GetDirectories(Cache, "unet-*").Single();
        string partial = Path.Combine(Cache, ".partial-" + Path.GetFileName(entry) + "-crashed");
        Directory.Move(entry, partial);

        using var second = Load(folder);
        Assert.Equal(OptimizedModelCacheOutcome.Created, Outcomes(second)["UNet"]);
        Assert.True(Directory.Exists(entry));
    }

    [Fact]
    public void AnotherThreadCountIsAnotherEntry()
    {
        string folder = CopyOf("tiny-sd-lp");
        using (var two = Load(folder, threads: 2)) Assert.Equal(2, two.IntraOpThreads);
        using var one = Load(folder, threads: 1);
        Assert.Equal(1, one.IntraOpThreads);
        Assert.All(one.OptimizedModelCacheUses, u => Assert.Equal(OptimizedModelCacheOutcome.Created, u.Outcome));
        Assert.Equal(2, Directory.GetDirectories(Cache, "unet-*").Length);
    }

    [Fact]
    public void AnUnwritableCacheWarnsAndLoadsUncached()
    {
        string folder = CopyOf("tiny-sd-lp");
        Directory.CreateDirectory(_scratch);
        File.WriteAllText(Cache, "a file where the cache folder should be");
        var warnings = new List<string>();
        using var model = Load(folder, warnings);
        Assert.All(model.OptimizedModelCacheUses, u => Assert.Equal(OptimizedModelCacheOutcome.NotWritten, u.Outcome));
        Assert.Single(warnings, w => w.Contains("could not be cached"));
        Assert.NotEmpty(Render(model));
    }

    [Fact]
    public void WithoutACacheNothingIsReportedAndTheThreadCountDefaultsToTheProcessors()
    {
        using var model = Load(RepoPaths.Combine("tests", "fixtures", "models", "tiny-sd-lp"), cached: false);
        Assert.Null(model.OptimizedModelCacheDirectory);
        Assert.Empty(model.OptimizedModelCacheUses);
        Assert.Equal(Environment.ProcessorCount, model.IntraOpThreads);
    }

    [Fact]
    public void AThreadCountBelowOneIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Load(RepoPaths.Combine("tests", "fixtures", "models", "tiny-sd-lp"), cached: false, threads: 0));
}

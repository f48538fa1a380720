using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.OnnxRuntime;

namespace InvokeAI.Core.Models;

/// <summary>What the optimised-model cache did for one sub-model's session.</summary>
public enum OptimizedModelCacheOutcome
{
    /// <summary>No valid entry: the session was optimised from the source and its graph saved as a new entry.</summary>
    Created,
    /// <summary>The session was opened from the entry's optimised graph, with graph optimisation off.</summary>
    Used,
    /// <summary>The entry was unusable (incomplete or refused by ONNX Runtime): deleted, loaded from source, written anew.</summary>
    Replaced,
    /// <summary>The entry could not be written (the folder unwritable, the disk full): loaded from source, nothing cached.</summary>
    NotWritten,
}

/// <summary>One sub-model's use of the cache during a load.</summary>
/// <param name="SubModel">"UNet", "VAE encoder", ...</param>
/// <param name="Entry">The entry's folder (whether or not it exists now: after <see cref="OptimizedModelCacheOutcome.NotWritten"/> it does not).</param>
public sealed record OptimizedModelCacheUse(string SubModel, OptimizedModelCacheOutcome Outcome, string Entry);

/// <summary>
/// ONNX Runtime's optimised graphs kept on disk, one entry per sub-model, so that a later load opens the graph as it
/// was after optimisation and skips the optimiser. The first load of a sub-model saves its optimised graph
/// (<c>SessionOptions.OptimizedModelFilePath</c>, the weights beside it as external initializers) while creating
/// the very session it uses, so a first load renders exactly as an uncached one.
/// </summary>
/// <remarks>
/// <para>An entry is trusted only for what it was made from, all of it in the SHA-256 key that names its folder:
/// every file of the sub-model's folder (model.onnx and the external weights beside it: name, length, last write),
/// or the rewritten graph's bytes for a graph rewritten in memory; ONNX Runtime's version; the CPU's architecture and
/// instruction sets (optimisation level ALL lays out convolutions for this CPU's vector width — ONNX Runtime itself
/// warns the saved graph is for the machine that made it); and the session options. CUDA sessions are never cached:
/// a graph optimised for one provider need not run on another.</para>
/// <para>An entry is written to a temporary folder and renamed into place only once complete, with a manifest of
/// its files' lengths, so a crash never leaves a half-written entry that is later trusted. An entry whose files do
/// not match the manifest, or that ONNX Runtime refuses, is deleted with a warning and the sub-model loaded from its
/// source (and cached again): the cache can make a load slower, never make it fail.</para>
/// <para>The options key includes the thread count although no optimiser depends on it today: the key is "the same
/// options", not a judgement of which options matter, so one model opened with two thread counts has two entries.</para>
/// </remarks>
internal sealed class OptimizedModelCache
{
    /// <summary>The optimised graph's file in an entry.</summary>
    public const string ModelFileName = "model.onnx";
    /// <summary>The optimised graph's weights, written by ONNX Runtime beside <see cref="ModelFileName"/>.</summary>
    public const string DataFileName = "model.onnx_data";
    /// <summary>The entry's own record: what it was made from, and each file's length, for a completeness check.</summary>
    public const string ManifestFileName = "entry.txt";

    /// <summary>Raised whenever the key's meaning changes, so entries of an older layout are never trusted.</summary>
    private const string KeyVersion = "invokeai-optimized-model-cache 1";
    private const string TemporaryPrefix = ".partial-";
    private const string RewrittenNote = " (rewritten in memory)";
    /// <summary>Initializers smaller than this stay inside the graph file (ONNX Runtime's own default too).</summary>
    private const string ExternalMinSizeBytes = "1024";
    /// <summary>A temporary folder older than this belongs to a load that died; a running one is minutes old at most.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(6);

    private readonly Action<string> _warn;
    private readonly List<OptimizedModelCacheUse> _uses = [];
    private int _notWrittenWarned;

    public OptimizedModelCache(string directory, Action<string> warn)
    {
        Directory = Path.GetFullPath(directory);
        _warn = warn;
    }

    public string Directory { get; }

    /// <summary>What the cache did for each sub-model it opened, in load order.</summary>
    public IReadOnlyList<OptimizedModelCacheUse> Uses
    {
        get { lock (_uses) return [.. _uses]; }
    }

    /// <summary>
    /// A CPU session for the sub-model at <paramref name="modelPath"/>, through the cache.
    /// </summary>
    /// <param name="name">The sub-model, for warnings and <see cref="Uses"/>.</param>
    /// <param name="modelPath">The source model.onnx.</param>
    /// <param name="rewrittenGraph">The graph as rewritten in memory from that file, or null when the file is used as it is.</param>
    /// <param name="optionsKey">Every session option the graph is optimised under, as text.</param>
    /// <param name="createOptions">Fresh CPU options (optimisation ALL); the cache sets only what saving or reading needs.</param>
    /// <param name="openSource">Creates the session from the source with the options given (the file, or the rewritten bytes).</param>
    internal InferenceSession Open(string name, string modelPath, byte[]? rewrittenGraph, string optionsKey,
        Func<SessionOptions> createOptions, Func<SessionOptions, InferenceSession> openSource)
    {
        string entry = Path.Combine(Directory, EntryName(modelPath, Key(modelPath, rewrittenGraph, optionsKey, out string sourceFacts)));
        var outcome = OptimizedModelCacheOutcome.Created;
        if (System.IO.Directory.Exists(entry))
        {
            string? problem = CheckComplete(entry);
            if (problem is null)
            {
                try
                {
                    var session = OpenEntry(entry, createOptions);
                    Record(name, OptimizedModelCacheOutcome.Used, entry);
                    return session;
                }
                catch (OnnxRuntimeException e)
                {
                    problem = $"ONNX Runtime refused it: {e.Message.Trim()}";
                }
            }
            _warn($"The optimised-model cache entry '{entry}' of the {name} cannot be used ({problem}): it is deleted, " +
                  "and the model is loaded from its source and cached again.");
            TryDelete(entry);
            outcome = OptimizedModelCacheOutcome.Replaced;
        }

        string? temporary = null;
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            RemoveAbandonedTemporaryFolders();
            temporary = Path.Combine(Directory, $"{TemporaryPrefix}{Path.GetFileName(entry)}-{Guid.NewGuid():N}");
            System.IO.Directory.CreateDirectory(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return NotWritten(name, entry, temporary, e.Message, openSource, createOptions);
        }

        InferenceSession created;
        try
        {
            using var saving = createOptions();
            saving.OptimizedModelFilePath = Path.Combine(temporary, ModelFileName);
            // Past protobuf's 2 GB limit (SD 1.5's UNet holds 3.4 GB) a graph cannot hold its weights: they go to one
            // file beside it, named relative to the graph, so the folder can be renamed into place.
            saving.AddSessionConfigEntry("session.optimized_model_external_initializers_file_name", DataFileName);
            saving.AddSessionConfigEntry("session.optimized_model_external_initializers_min_size_in_bytes", ExternalMinSizeBytes);
            created = openSource(saving);
        }
        catch (OnnxRuntimeException e)
        {
            // Saving may be what failed (disk full, a path ONNX Runtime cannot write): the source is opened again
            // without it, and a failure then is the model's own, reported as any load's.
            return NotWritten(name, entry, temporary, e.Message.Trim(), openSource, createOptions);
        }

        try
        {
            WriteManifest(temporary, modelPath, rewrittenGraph is not null, optionsKey, sourceFacts);
            // On disk before the rename: after an OS crash the entry must not hold files of the right length whose
            // contents never reached the disk, which the manifest's lengths would not catch.
            foreach (string file in System.IO.Directory.EnumerateFiles(temporary))
            {
                using var written = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
                written.Flush(flushToDisk: true);
            }
            System.IO.Directory.Move(temporary, entry);
            RemoveStaleEntries(entry, modelPath, rewrittenGraph is not null, sourceFacts);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            // Another process may have put the same entry in place first: then it is cached all the same.
            if (!System.IO.Directory.Exists(entry))
            {
                WarnNotWritten(name, e.Message);
                outcome = OptimizedModelCacheOutcome.NotWritten;
            }
        }
        Record(name, outcome, entry);
        return created;
    }

    private InferenceSession NotWritten(string name, string entry, string? temporary, string problem,
        Func<SessionOptions, InferenceSession> openSource, Func<SessionOptions> createOptions)
    {
        if (temporary is not null) TryDelete(temporary);
        using var plain = createOptions();
        var session = openSource(plain);
        WarnNotWritten(name, problem);
        Record(name, OptimizedModelCacheOutcome.NotWritten, entry);
        return session;
    }

    /// <summary>Once per load: an unwritable folder fails every sub-model alike, and one paragraph says so.</summary>
    private void WarnNotWritten(string name, string problem)
    {
        if (Interlocked.Exchange(ref _notWrittenWarned, 1) == 0)
            _warn($"The optimised {name} could not be cached in '{Directory}' ({problem}); the model is loaded without the cache.");
    }

    private static InferenceSession OpenEntry(string entry, Func<SessionOptions> createOptions)
    {
        using var options = createOptions();
        // The graph is already optimised for these options; optimising it again would only cost the time saved.
        options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
        return new InferenceSession(Path.Combine(entry, ModelFileName), options);
    }

    private void Record(string name, OptimizedModelCacheOutcome outcome, string entry)
    {
        lock (_uses) _uses.Add(new OptimizedModelCacheUse(name, outcome, entry));
    }

    /// <summary>"unet-&lt;key&gt;": the sub-model's folder name, for people looking into the cache, then the key.</summary>
    private static string EntryName(string modelPath, string key)
    {
        string folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(modelPath))) ?? "model";
        var safe = new StringBuilder();
        foreach (char c in folder) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        return $"{(safe.Length == 0 ? "model" : safe.ToString())}-{key}";
    }

    /// <summary>The SHA-256 (hex) of everything an entry depends on; <paramref name="sourceFacts"/> is the source files' part alone.</summary>
    internal static string Key(string modelPath, byte[]? rewrittenGraph, string optionsKey, out string sourceFacts)
    {
        string fullPath = Path.GetFullPath(modelPath);
        var facts = new StringBuilder();
        // Every file beside the graph: the external weights' names are the exporter's choice (model.onnx_data,
        // weights.pb, one file per tensor), and a changed config.json only costs one more optimisation.
        var files = new DirectoryInfo(Path.GetDirectoryName(fullPath)!).EnumerateFiles()
            .OrderBy(f => f.FullName, StringComparer.Ordinal);
        foreach (var file in files)
            facts.Append(CultureInfo.InvariantCulture, $"file {file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}\n");
        if (rewrittenGraph is not null)
            facts.Append("rewritten graph sha256 ").Append(Hex(SHA256.HashData(rewrittenGraph))).Append('\n');
        sourceFacts = facts.ToString();

        var key = new StringBuilder();
        key.Append(KeyVersion).Append('\n');
        key.Append("onnxruntime ").Append(OnnxRuntimeEnvironment.Get().GetVersionString()).Append('\n');
        key.Append("provider CPU\n");
        key.Append("machine ").Append(MachineFacts()).Append('\n');
        key.Append("options ").Append(optionsKey).Append('\n');
        key.Append("source ").Append(fullPath).Append('\n');
        key.Append(sourceFacts);
        return Hex(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())));
    }

    /// <summary>The CPU facts ONNX Runtime's kernels and layout choices depend on: architecture and vector instruction sets.</summary>
    private static string MachineFacts()
    {
        var facts = new StringBuilder(RuntimeInformation.ProcessArchitecture.ToString());
        void Add(string name, bool supported)
        {
            if (supported) facts.Append(' ').Append(name);
        }
        Add("sse4.1", Sse41.IsSupported);
        Add("avx", Avx.IsSupported);
        Add("avx2", Avx2.IsSupported);
        Add("fma", Fma.IsSupported);
        Add("avx512f", Avx512F.IsSupported);
        Add("avx512bw", Avx512BW.IsSupported);
        Add("avx512vbmi", Avx512Vbmi.IsSupported);
        Add("neon", AdvSimd.IsSupported);
        Add("dotprod", Dp.IsSupported);
        return facts.ToString();
    }

    private static void WriteManifest(string folder, string modelPath, bool rewritten, string optionsKey, string sourceFacts)
    {
        var text = new StringBuilder();
        text.Append(KeyVersion).Append('\n');
        text.Append("source ").Append(Path.GetFullPath(modelPath)).Append(rewritten ? RewrittenNote : "").Append('\n');
        text.Append("source-facts ").Append(Hex(SHA256.HashData(Encoding.UTF8.GetBytes(sourceFacts)))).Append('\n');
        text.Append("options ").Append(optionsKey).Append('\n');
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
            text.Append(CultureInfo.InvariantCulture, $"length {file.Name}|{file.Length}\n");
        string manifest = Path.Combine(folder, ManifestFileName);
        File.WriteAllText(manifest, text.ToString());
    }

    /// <summary>Null when the entry holds its graph and every file the manifest lists, at the length it lists; else what is wrong.</summary>
    private static string? CheckComplete(string entry)
    {
        string manifest = Path.Combine(entry, ManifestFileName);
        if (!File.Exists(manifest)) return "it has no manifest";
        try
        {
            var lengths = File.ReadAllLines(manifest).Where(l => l.StartsWith("length ", StringComparison.Ordinal))
                .Select(l => l["length ".Length..].Split('|')).ToList();
            if (!lengths.Any(l => l[0] == ModelFileName)) return "its manifest lists no graph";
            foreach (var parts in lengths)
            {
                if (parts.Length != 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long length))
                    return "its manifest is damaged";
                var file = new FileInfo(Path.Combine(entry, parts[0]));
                if (!file.Exists) return $"'{parts[0]}' is missing";
                if (file.Length != length) return $"'{parts[0]}' is {file.Length} bytes, not {length}";
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Entries of the same source file made before it changed can never be valid again; they are deleted so the cache
    /// does not grow by a model's size with every re-export. Entries of other options stay: they may be used again.
    /// </summary>
    private void RemoveStaleEntries(string entry, string modelPath, bool rewritten, string sourceFacts)
    {
        string source = "source " + Path.GetFullPath(modelPath);
        string facts = "source-facts " + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(sourceFacts)));
        foreach (var other in new DirectoryInfo(Directory).EnumerateDirectories())
        {
            if (other.FullName == entry || other.Name.StartsWith(TemporaryPrefix, StringComparison.Ordinal)) continue;
            try
            {
                string manifest = Path.Combine(other.FullName, ManifestFileName);
                if (!File.Exists(manifest)) continue;
                var lines = File.ReadAllLines(manifest);
                bool sameSource = lines.Contains(source + (rewritten ? RewrittenNote : ""));
                bool sameFacts = lines.Contains(facts);
                if (sameSource && !sameFacts && lines.FirstOrDefault() == KeyVersion) TryDelete(other.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another process may be reading or replacing it; it is looked at again on the next write.
            }
        }
    }

    private void RemoveAbandonedTemporaryFolders()
    {
        foreach (var folder in new DirectoryInfo(Directory).EnumerateDirectories(TemporaryPrefix + "*"))
            if (DateTime.UtcNow - folder.CreationTimeUtc > AbandonedAfter) TryDelete(folder.FullName);
    }

    private static string Hex(byte[] hash) => Convert.ToHexString(hash).ToLowerInvariant();

    private static void TryDelete(string folder)
    {
        try
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Open in another process (Windows keeps mapped files locked): left for a later load to replace.
        }
    }
}

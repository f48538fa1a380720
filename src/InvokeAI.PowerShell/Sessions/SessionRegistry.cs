using System.Diagnostics;
using InvokeAI.Core.Models;

namespace InvokeAI.PowerShell.Sessions;

/// <summary>
/// The module's state: the open model sessions, shared by every cmdlet call and every runspace of the process.
/// A model is loaded once and then reused, because loading a real model takes seconds and gigabytes; opening a
/// folder that is already open (or still loading) returns that session.
/// </summary>
/// <remarks>
/// The lock guards only the list. A load runs outside it, in a per-entry Lazy, so a slow load blocks the callers
/// that wait for that model and nobody else (renders with other sessions, Get-DiffusionSession, tab completion).
/// </remarks>
internal static class SessionRegistry
{
    private static readonly object Gate = new();
    private static readonly List<Entry> Entries = new();
    private static int _nextId = 1;

    /// <summary>
    /// The session for an explicit open: an open session of the folder that <see cref="ProviderRequest"/> says
    /// serves the provider and device asked for, else a new one loaded with them.
    /// <paramref name="loaded"/> is true for the call that loaded it, which should report its load warnings.
    /// </summary>
    /// <param name="options">Provider, device and the load options (threads, cache, CUDA's); the folder is <paramref name="folder"/>.</param>
    public static DiffusionSession GetOrOpen(string folder, ModelLoadOptions options, string? name, bool isDemo, out bool loaded)
    {
        string fullPath = Path.GetFullPath(folder);
        return Get(fullPath, new ProviderRequest(options.Provider, options.DeviceId), () => new Entry(fullPath, options, name, isDemo), out loaded);
    }

    /// <summary>
    /// The session an implicit render uses: any session of that folder (whatever provider it runs on — the
    /// user's own Open-DiffusionSession wins), else a new one with <paramref name="provider"/>.
    /// </summary>
    public static DiffusionSession GetOrOpenDefault(string folder, ExecutionProvider provider, bool isDemo, out bool loaded)
    {
        string fullPath = Path.GetFullPath(folder);
        return Get(fullPath, ProviderRequest.Any, () => new Entry(fullPath, new ModelLoadOptions { Provider = provider }, null, isDemo), out loaded);
    }

    /// <summary>The sessions that have finished loading.</summary>
    public static IReadOnlyList<DiffusionSession> Snapshot()
    {
        lock (Gate)
            return Entries.Where(e => e.Session.IsValueCreated).Select(e => e.Session.Value).ToList();
    }

    /// <summary>The open sessions of one model folder, oldest first: the workers a render spreads its inputs over.</summary>
    public static IReadOnlyList<DiffusionSession> SessionsOf(string folder) =>
        Snapshot().Where(s => s.IsOpen && FolderPath.Same(s.Model, folder)).OrderBy(s => s.Id).ToList();

    public static void Close(DiffusionSession session)
    {
        lock (Gate) Entries.RemoveAll(e => e.Session.IsValueCreated && ReferenceEquals(e.Session.Value, session));
        // Outside the lock: a render in progress elsewhere keeps the sessions until it finishes.
        session.DiffusionModel.Dispose();
    }

    public static void CloseAll()
    {
        foreach (var session in Snapshot()) Close(session);
    }

    private static DiffusionSession Get(string fullPath, ProviderRequest request, Func<Entry> create, out bool loaded)
    {
        while (true)
        {
            Entry? entry;
            Entry? loading = null;
            lock (Gate)
            {
                var ofFolder = Entries.Where(e => FolderPath.Same(e.Folder, fullPath)).ToList();
                entry = ofFolder.FirstOrDefault(e => e.Session.IsValueCreated && request.IsMetBy(e.Session.Value));
                if (entry is null)
                {
                    // Which provider a load still under way ends on is not known yet: one that may serve this
                    // request is waited for, so two calls at once never load the same model twice.
                    loading = ofFolder.FirstOrDefault(e => !e.Session.IsValueCreated && request.MayBeMetBy(e.Provider, e.DeviceId));
                    if (loading is null) entry = Add(create());
                }
            }
            if (loading is not null)
            {
                WaitFor(loading);
                continue;
            }
            try
            {
                var session = entry!.Session.Value;
                loaded = entry.ClaimLoadReport();
                return session;
            }
            catch
            {
                // A failed load is not kept: the next attempt (after the user fixes the folder) loads again.
                lock (Gate) Entries.Remove(entry!);
                throw;
            }
        }
    }

    /// <summary>
    /// Waits for someone else's load. Its failure is not this caller's to report: it may have asked for a provider
    /// this caller did not (Cuda where this one asked for Auto), so the caller looks again and, if nothing serves
    /// it, loads for itself and meets its own error, if any.
    /// </summary>
    private static void WaitFor(Entry loading)
    {
        try
        {
            _ = loading.Session.Value;
        }
        catch
        {
            lock (Gate) Entries.Remove(loading);
        }
    }

    private static Entry Add(Entry entry)
    {
        Entries.Add(entry);
        return entry;
    }

    /// <summary>One session, loaded at most once by whichever caller asks first.</summary>
    private sealed class Entry
    {
        private int _loadReported;

        private readonly ModelLoadOptions _options;

        public string Folder { get; }
        public ExecutionProvider Provider => _options.Provider;
        public int DeviceId => _options.DeviceId;
        public Lazy<DiffusionSession> Session { get; }

        public Entry(string folder, ModelLoadOptions options, string? name, bool isDemo)
        {
            Folder = folder;
            _options = options;
            Session = new Lazy<DiffusionSession>(() => Load(name, isDemo), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>True once, for the first caller after the load: that caller writes the load's warnings.</summary>
        public bool ClaimLoadReport() => Interlocked.Exchange(ref _loadReported, 1) == 0;

        private DiffusionSession Load(string? name, bool isDemo)
        {
            // Warnings are kept, not written: the load may run on another runspace's thread, and only a cmdlet's
            // own thread may write to its streams.
            var warnings = new List<string>();
            var process = Process.GetCurrentProcess();
            long before = process.WorkingSet64;
            var clock = Stopwatch.StartNew();
            var model = DiffusionModel.Load(Folder, _options, warnings.Add);
            process.Refresh();
            return new DiffusionSession(Interlocked.Increment(ref _nextId) - 1, name ?? DefaultName(Folder, isDemo), model, Provider,
                DeviceId, isDemo, clock.Elapsed, Math.Max(0, process.WorkingSet64 - before), warnings);
        }

        private static string DefaultName(string folder, bool isDemo) =>
            isDemo ? "demo" : Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
    }
}

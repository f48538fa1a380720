using System.Diagnostics;
using InvokeAI.Core.Models;

namespace InvokeAI.PowerShell.Sessions;

/// <summary>
/// The module's state: the open model sessions, shared by every cmdlet call and every runspace of the process.
/// A model is loaded once and then reused, because loading a real model takes seconds and gigabytes; opening a
/// folder that is already open returns the open session.
/// </summary>
internal static class SessionRegistry
{
    private static readonly object Gate = new();
    private static readonly List<DiffusionSession> Open = new();
    private static int _nextId = 1;

    /// <summary>
    /// The session for an explicit open: the same folder, provider and device give the same session. The lock is
    /// held during a load, so two runspaces asking at once load the model once.
    /// </summary>
    public static DiffusionSession GetOrOpen(string folder, ExecutionProvider provider, int deviceId, string? name, bool isDemo,
        Action<string> warn, out bool loaded)
    {
        string fullPath = Path.GetFullPath(folder);
        lock (Gate)
        {
            loaded = false;
            var existing = Open.FirstOrDefault(s => SameFolder(s.Model, fullPath) && s.RequestedProvider == provider && s.DeviceId == deviceId);
            if (existing is not null) return existing;
            loaded = true;
            return Load(fullPath, provider, deviceId, name, isDemo, warn);
        }
    }

    /// <summary>
    /// The session an implicit render uses: any open session of that folder (whatever provider it was opened
    /// with — the user's own Open-DiffusionSession wins), else a new one with <paramref name="provider"/>.
    /// </summary>
    public static DiffusionSession GetOrOpenDefault(string folder, ExecutionProvider provider, bool isDemo, Action<string> warn, out bool loaded)
    {
        string fullPath = Path.GetFullPath(folder);
        lock (Gate)
        {
            loaded = false;
            var existing = Open.FirstOrDefault(s => SameFolder(s.Model, fullPath));
            if (existing is not null) return existing;
            loaded = true;
            return Load(fullPath, provider, 0, null, isDemo, warn);
        }
    }

    public static IReadOnlyList<DiffusionSession> Snapshot()
    {
        lock (Gate) return Open.ToList();
    }

    public static void Close(DiffusionSession session)
    {
        lock (Gate) Open.Remove(session);
        // Outside the lock: a render in progress elsewhere keeps the sessions until it finishes.
        session.DiffusionModel.Dispose();
    }

    public static void CloseAll()
    {
        foreach (var session in Snapshot()) Close(session);
    }

    private static DiffusionSession Load(string folder, ExecutionProvider provider, int deviceId, string? name, bool isDemo, Action<string> warn)
    {
        var process = Process.GetCurrentProcess();
        long before = process.WorkingSet64;
        var clock = Stopwatch.StartNew();
        var model = DiffusionModel.Load(folder, new ModelLoadOptions { Provider = provider, DeviceId = deviceId }, warn);
        process.Refresh();
        var session = new DiffusionSession(_nextId++, name ?? DefaultName(folder, isDemo), model, provider, deviceId, isDemo,
            clock.Elapsed, Math.Max(0, process.WorkingSet64 - before));
        Open.Add(session);
        return session;
    }

    private static string DefaultName(string folder, bool isDemo) =>
        isDemo ? "demo" : Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b),
            OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

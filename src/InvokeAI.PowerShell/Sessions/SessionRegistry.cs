using InvokeAI.Core.Models;

namespace InvokeAI.PowerShell.Sessions;

/// <summary>
/// The module's state: the model sessions loaded so far, one per model folder and provider, shared by every
/// cmdlet call and every runspace of the process. A model is loaded on first use and then reused, because
/// loading a real model takes seconds and gigabytes.
/// </summary>
internal static class SessionRegistry
{
    private static readonly object Gate = new();
    private static readonly Dictionary<SessionKey, DiffusionModel> Open = new();

    /// <summary>
    /// The open model for the folder, loading it if needed. The lock is held during a load so two runspaces
    /// asking for the same model at once load it once.
    /// </summary>
    public static DiffusionModel GetOrLoad(string folder, ExecutionProvider provider, Action<string> warn, out bool loaded)
    {
        var key = new SessionKey(Path.GetFullPath(folder), provider);
        lock (Gate)
        {
            loaded = false;
            if (Open.TryGetValue(key, out var model)) return model;
            model = DiffusionModel.Load(key.Folder, new ModelLoadOptions { Provider = provider }, warn);
            Open[key] = model;
            loaded = true;
            return model;
        }
    }

    public static IReadOnlyList<DiffusionModel> Snapshot()
    {
        lock (Gate) return Open.Values.ToList();
    }

    public static void CloseAll()
    {
        lock (Gate)
        {
            foreach (var model in Open.Values) model.Dispose();
            Open.Clear();
        }
    }

    private readonly record struct SessionKey(string Folder, ExecutionProvider Provider);
}

namespace InvokeAI.Core.Models;

/// <summary>
/// A small thread-safe cache that forgets its least recently used entry beyond <c>capacity</c>: what a loaded model
/// keeps of its own work between renders (a prompt's hidden states, an init image's latent), so a batch that repeats
/// them does not run the encoders again. Values are shared between renders and must not be changed by their users.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>(int capacity) where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _entries = new();
    private readonly LinkedList<(TKey Key, TValue Value)> _byUse = new();
    private readonly object _gate = new();

    /// <summary>How many times a value was made rather than found (for tests and the benchmark).</summary>
    public int Misses { get; private set; }

    /// <summary>The cached value, or a new one from <paramref name="make"/> (run outside the lock, so renders that miss at once may both make it).</summary>
    public TValue GetOrAdd(TKey key, Func<TValue> make)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var found))
            {
                _byUse.Remove(found);
                _byUse.AddFirst(found);
                return found.Value.Value;
            }
            Misses++;
        }
        var value = make();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var raced)) return raced.Value.Value;
            _entries[key] = _byUse.AddFirst((key, value));
            if (_entries.Count > capacity)
            {
                _entries.Remove(_byUse.Last!.Value.Key);
                _byUse.RemoveLast();
            }
        }
        return value;
    }
}

using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Serialization;
using Orleans.Storage;

namespace Interest.Silo.Hosting;

/// <summary>
/// Grain state kept in this process, in Orleans' binary format, for silos without Redis (which run alone: localhost
/// clustering). Unlike Orleans' memory storage it needs no storage-grain call and no copy of the bytes per write, and
/// it overwrites a grain's buffer in place when the new state fits, so an update leaves no garbage that lives until the
/// user's next event (docs/BENCHMARKS.md). Like it, the state lives as long as the silo process. ETags guard against
/// a second activation overwriting a newer state.
/// </summary>
public sealed class ProcessMemoryGrainStorage(Serializer serializer) : IGrainStorage
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _scratch;

    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), Entry> _states = new();
    private long _version;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_states.TryGetValue((stateName, grainId), out var entry))
        {
            lock (entry)
            {
                grainState.State = serializer.Deserialize<T>(entry.Bytes.AsSpan(0, entry.Length));
                grainState.ETag = entry.ETag;
            }
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        var buffer = _scratch ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        serializer.Serialize(grainState.State, buffer);
        string etag = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);

        if (grainState.ETag is null)
        {
            if (!_states.TryAdd(key, new Entry(buffer.WrittenSpan.ToArray(), etag))) throw Inconsistent(key, null);
        }
        else
        {
            if (!_states.TryGetValue(key, out var entry)) throw Inconsistent(key, grainState.ETag);
            lock (entry)
            {
                if (entry.ETag != grainState.ETag) throw Inconsistent(key, grainState.ETag);
                entry.Store(buffer.WrittenSpan, etag);
            }
        }
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        if (_states.TryGetValue(key, out var entry))
        {
            lock (entry)
            {
                if (entry.ETag != grainState.ETag) throw Inconsistent(key, grainState.ETag);
                entry.ETag = null; // a writer still holding this entry now fails its ETag check
                _states.TryRemove(new KeyValuePair<(string, GrainId), Entry>(key, entry));
            }
        }
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private InconsistentStateException Inconsistent((string StateName, GrainId GrainId) key, string? etag)
    {
        string stored = _states.TryGetValue(key, out var current) ? current.ETag ?? "none" : "none";
        return new($"The stored {key.StateName} state of {key.GrainId} has changed since it was read.", stored, etag ?? "none");
    }

    /// <summary>One grain's serialised state; guarded by locking the entry.</summary>
    private sealed class Entry(byte[] bytes, string etag)
    {
        public byte[] Bytes { get; private set; } = bytes;

        public int Length { get; private set; } = bytes.Length;

        public string? ETag { get; set; } = etag;

        public void Store(ReadOnlySpan<byte> state, string etag)
        {
            // A little headroom, since a user's state grows by a few bytes until its recent-event list is full.
            if (state.Length > Bytes.Length) Bytes = new byte[state.Length + state.Length / 16];
            state.CopyTo(Bytes);
            Length = state.Length;
            ETag = etag;
        }
    }
}

using Interest.Abstractions;
using Interest.Streaming.Consuming;

namespace Interest.Streaming.Tests.Support;

/// <summary>
/// An in-memory sink that keeps every event it acknowledged, in order; it can be told to fail its first calls, and to
/// reject for good the events of one item (as a model that does not know the item would).
/// </summary>
public sealed class RecordingSink(int failFirstCalls = 0, int? rejectedItemId = null) : IClickEventSink
{
    private readonly Lock _lock = new();
    private readonly List<DeliveredEvent> _events = [];
    private readonly List<int> _callSizes = [];
    private readonly List<IReadOnlyList<string>> _failedBatches = [];
    private int _calls;
    private int _callsOffThreadPool;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Calls made on a thread that is not a thread-pool thread (the consumer's own thread, say).</summary>
    public int CallsOffThreadPool => Volatile.Read(ref _callsOffThreadPool);

    public int Count
    {
        get { lock (_lock) return _events.Count; }
    }

    public IReadOnlyList<DeliveredEvent> Events
    {
        get { lock (_lock) return _events.ToList(); }
    }

    /// <summary>Event ids of the batches that were refused.</summary>
    public IReadOnlyList<IReadOnlyList<string>> FailedBatches
    {
        get { lock (_lock) return _failedBatches.ToList(); }
    }

    public IReadOnlyList<int> CallSizes
    {
        get { lock (_lock) return _callSizes.ToList(); }
    }

    public Task<IReadOnlyList<RejectedEvent>> DeliverAsync(IReadOnlyList<DeliveredEvent> events, CancellationToken cancellationToken)
    {
        int call = Interlocked.Increment(ref _calls);
        if (!Thread.CurrentThread.IsThreadPoolThread) Interlocked.Increment(ref _callsOffThreadPool);
        lock (_lock)
        {
            _callSizes.Add(events.Count);
            if (call <= failFirstCalls)
            {
                _failedBatches.Add(events.Select(e => e.Event.EventId).ToList());
                throw new InvalidOperationException($"sink failure {call} of {failFirstCalls} (test)");
            }
            var rejected = events.Where(e => e.Event.ItemId == rejectedItemId)
                .Select(e => new RejectedEvent(e, RejectedEvent.RejectedByModel, $"item {e.Event.ItemId} is unknown to the model (test)"))
                .ToList();
            _events.AddRange(events.Where(e => e.Event.ItemId != rejectedItemId));
            return Task.FromResult<IReadOnlyList<RejectedEvent>>(rejected);
        }
    }
}

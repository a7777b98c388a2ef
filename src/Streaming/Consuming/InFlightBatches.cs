using Interest.Abstractions;

namespace Interest.Streaming.Consuming;

/// <summary>
/// The poll batches a consumer is delivering, oldest first, each with the users it carries. A new batch's events of
/// users that an older batch still carries wait for the older batches to be delivered; its other events go at once.
/// So each user's events reach the sink in the order they were read, while batches of different users overlap.
/// Batches leave in the order they came, so that their offsets are stored in order. Used from the polling thread only.
/// </summary>
internal sealed class InFlightBatches<TBatch>
{
    private readonly Queue<(TBatch Batch, HashSet<string> Users, int Events, Task Delivery)> _batches = new();

    public int Count => _batches.Count;

    /// <summary>Events in the batches in flight.</summary>
    public int Events => _batches.Sum(b => b.Events);

    /// <summary>
    /// Splits a new batch's events into those that may go now and those that must wait, and gives the task that
    /// completes when every batch in flight has been delivered (and fails if any of them failed).
    /// </summary>
    public (List<DeliveredEvent> Now, List<DeliveredEvent> AfterOlder, Task Older, HashSet<string> Users) Split(IReadOnlyList<DeliveredEvent> events)
    {
        var users = new HashSet<string>(StringComparer.Ordinal);
        var now = new List<DeliveredEvent>(events.Count);
        var afterOlder = new List<DeliveredEvent>();
        foreach (var delivered in events)
        {
            string user = delivered.Event.UserId;
            users.Add(user);
            (IsInFlight(user) ? afterOlder : now).Add(delivered);
        }
        Task older = afterOlder.Count == 0 ? Task.CompletedTask : Task.WhenAll(_batches.Select(b => b.Delivery));
        return (now, afterOlder, older, users);
    }

    public void Add(TBatch batch, HashSet<string> users, int events, Task delivery) => _batches.Enqueue((batch, users, events, delivery));

    /// <summary>The oldest batch once it has been delivered; throws what its delivery threw (it stays out of the queue).</summary>
    public TBatch TakeOldest()
    {
        var (batch, _, _, delivery) = _batches.Dequeue();
        delivery.GetAwaiter().GetResult();
        return batch;
    }

    /// <summary>True with the oldest batch when its delivery has ended; throws what it threw.</summary>
    public bool TryTakeDelivered(out TBatch batch)
    {
        if (_batches.TryPeek(out var oldest) && oldest.Delivery.IsCompleted)
        {
            batch = TakeOldest();
            return true;
        }
        batch = default!;
        return false;
    }

    /// <summary>
    /// Forgets every batch without waiting (their partitions are gone). Deliveries still running finish on their own;
    /// nothing of theirs is acknowledged, and a failure is observed here so it is not reported as unobserved.
    /// </summary>
    public void Abandon()
    {
        foreach (var (_, _, _, delivery) in _batches)
        {
            _ = delivery.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        _batches.Clear();
    }

    private bool IsInFlight(string user)
    {
        foreach (var (_, users, _, _) in _batches)
        {
            if (users.Contains(user)) return true;
        }
        return false;
    }
}

namespace Interest.Streaming.Consuming;

/// <summary>
/// The catalogue size as last told by whoever follows the served models (<see cref="Update"/>); once known it stays
/// known, so a host that loses sight of the models goes on validating against the last size it saw.
/// </summary>
public sealed class ServedCatalog : IServedCatalog
{
    private readonly TaskCompletionSource _known = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _itemCount;

    /// <summary>Not known until the first <see cref="Update"/>.</summary>
    public ServedCatalog()
    {
    }

    /// <summary>Known from the start: for a host that is told the size rather than following a cluster.</summary>
    public ServedCatalog(int itemCount) => Update(itemCount);

    public int? ItemCount => Volatile.Read(ref _itemCount) is > 0 and var count ? count : null;

    public Task WhenKnown => _known.Task;

    /// <returns>Whether the size changed (or became known).</returns>
    public bool Update(int itemCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(itemCount, 1);
        int previous = Interlocked.Exchange(ref _itemCount, itemCount);
        _known.TrySetResult();
        return previous != itemCount;
    }
}

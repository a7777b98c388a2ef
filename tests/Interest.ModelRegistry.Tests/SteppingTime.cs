namespace Interest.ModelRegistry.Tests;

/// <summary>A clock that moves one minute forward each time it is read, so that every change has its own time.</summary>
internal sealed class SteppingTime(DateTimeOffset start) : TimeProvider
{
    private long _reads;

    public override DateTimeOffset GetUtcNow() => start.AddMinutes(Interlocked.Increment(ref _reads) - 1);
}

using System.Diagnostics;

namespace Interest.Streaming.Producing;

/// <summary>Paces events to a rate with a small burst allowance, so that a pause is not followed by a catch-up flood.</summary>
internal sealed class TokenBucket
{
    private readonly double _secondsPerEvent;
    private readonly double _burstSeconds;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _nextDueSeconds;

    public TokenBucket(double eventsPerSecond)
    {
        _secondsPerEvent = 1.0 / eventsPerSecond;
        _burstSeconds = Math.Max(1, eventsPerSecond / 20) * _secondsPerEvent;
    }

    /// <summary>How long to wait before the next event may go; zero when it may go now.</summary>
    public TimeSpan TimeUntilNext()
    {
        double now = _clock.Elapsed.TotalSeconds;
        if (_nextDueSeconds < now - _burstSeconds) _nextDueSeconds = now - _burstSeconds;
        return _nextDueSeconds > now ? TimeSpan.FromSeconds(_nextDueSeconds - now) : TimeSpan.Zero;
    }

    public void Take() => _nextDueSeconds += _secondsPerEvent;
}

using System.Diagnostics;
using System.Globalization;
using Interest.Abstractions;
using Interest.Benchmarks.Measurement;
using Interest.Streaming.Producing;
using Interest.Web.Api;

namespace Interest.Benchmarks.Load;

/// <summary>
/// Freshness: event produced → that user's new recommendations readable. Probe events go to probe users that get no
/// other events, so the benchmark knows each user's event count after every probe. A probe notes the time, hands the
/// event to the producer (the same producer and topic as the load), then reads the user's recommendations where the
/// web tier reads them (<see cref="RecommendationLookup"/>: the recommendation store, else the user grain) every
/// <see cref="BenchmarkSettings.ProbePollInterval"/> (longer once it has waited long: <see cref="PollDelay"/>) until
/// their EventCount includes the probe: the latency is to the first read that sees it, so it overstates the true
/// freshness by at most one poll interval and one read. At most one probe per user is in flight.
/// </summary>
public sealed class FreshnessProbes
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    private readonly RecommendationLookup _lookups;
    private readonly ClickstreamProducer _producer;
    private readonly TimeSpan _pollInterval;
    private readonly int _itemCount;
    private readonly string _prefix;
    private readonly long[] _produced;
    private readonly int[] _inFlight;
    private readonly Random _random = new(7);
    private long _sequence;
    private int _cursor;

    public FreshnessProbes(RecommendationLookup lookups, ClickstreamProducer producer, int users, TimeSpan pollInterval, int itemCount, string prefix = "probe")
    {
        _lookups = lookups;
        _producer = producer;
        _pollInterval = pollInterval;
        _itemCount = itemCount;
        _prefix = prefix;
        _produced = new long[users];
        _inFlight = new int[users];
    }

    /// <summary>One event for every probe user, so that later probes read stored recommendations rather than the popular fallback.</summary>
    public void ProduceWarmUpEvents()
    {
        for (int user = 0; user < _produced.Length; user++)
        {
            _produced[user]++;
            _producer.Produce(NewEvent(user));
        }
    }

    /// <summary>
    /// Probes at <paramref name="perSecond"/> for <paramref name="duration"/> (or until <paramref name="stop"/> says so),
    /// then waits for the last ones to be seen.
    /// </summary>
    public async Task RunAsync(double perSecond, TimeSpan duration, LatencySamples samples, CancellationToken cancellationToken, Func<bool>? stop = null)
    {
        var watchers = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (long n = 0; ; n++)
        {
            var due = TimeSpan.FromSeconds(n / perSecond);
            if (due >= duration || (stop is not null && stop())) break;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);

            int user = NextIdleUser();
            if (user < 0)
            {
                samples.AddFailure();
                continue;
            }
            long expected = ++_produced[user];
            var clickEvent = NewEvent(user);
            long start = Stopwatch.GetTimestamp();
            _producer.Produce(clickEvent);
            watchers.Add(WatchAsync(user, expected, start, samples, cancellationToken));
        }
        await Task.WhenAll(watchers);
    }

    private async Task WatchAsync(int user, long expectedEventCount, long start, LatencySamples samples, CancellationToken cancellationToken)
    {
        try
        {
            string userId = UserId(user);
            while (true)
            {
                var (recommendations, _) = await _lookups.GetAsync(userId, 1);
                if (recommendations.EventCount >= expectedEventCount)
                {
                    samples.Add(Rates.MillisecondsSince(start));
                    return;
                }
                if (Stopwatch.GetElapsedTime(start) > GiveUpAfter)
                {
                    samples.AddFailure();
                    return;
                }
                await Task.Delay(PollDelay(Stopwatch.GetElapsedTime(start)), cancellationToken);
            }
        }
        finally
        {
            Volatile.Write(ref _inFlight[user], 0);
        }
    }

    /// <summary>
    /// The poll interval, or a twentieth of the time already waited when that is longer: a probe overstates its latency
    /// by at most 5 % (or one interval), and a pipeline that falls behind is not read ever harder by the probes waiting
    /// on it (every 2 ms, 25 probes a second that each wait a second would read 12,500 times a second).
    /// </summary>
    private TimeSpan PollDelay(TimeSpan waited) => waited / 20 > _pollInterval ? waited / 20 : _pollInterval;

    private int NextIdleUser()
    {
        for (int tries = 0; tries < _inFlight.Length; tries++)
        {
            int user = _cursor;
            _cursor = (_cursor + 1) % _inFlight.Length;
            if (Interlocked.CompareExchange(ref _inFlight[user], 1, 0) == 0) return user;
        }
        return -1;
    }

    private string UserId(int user) => _prefix + "-" + user.ToString(CultureInfo.InvariantCulture);

    private ClickEvent NewEvent(int user) => new(
        _prefix + "-e" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture),
        UserId(user),
        _random.Next(1, _itemCount + 1),
        ClickEventType.View,
        DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
}

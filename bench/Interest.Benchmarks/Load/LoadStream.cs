using System.Diagnostics;
using System.Globalization;
using Interest.Abstractions;

namespace Interest.Benchmarks.Load;

/// <summary>
/// The load: events for users <c>{prefix}-0 … {prefix}-{N−1}</c> in turn, so that any N consecutive events hold one
/// event per user and a user update carries exactly one new event (what the model ceiling measures). Items are drawn
/// uniformly from the catalogue; the funnel mix is mostly views. Continues where the previous call stopped.
/// </summary>
public sealed class LoadStream(string prefix, int userCount, int itemCount, int seed = 1)
{
    private readonly Random _random = new(seed);
    private long _next;

    public int UserCount => userCount;

    public string Prefix => prefix;

    public long Generated => _next;

    public string UserId(int index) => prefix + "-" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Up to <paramref name="count"/> events, ending early once <paramref name="until"/> has passed or
    /// <paramref name="stop"/> says so (both checked per event).
    /// </summary>
    public IEnumerable<ClickEvent> Take(long count, TimeSpan? until = null, Func<bool>? stop = null)
    {
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < count; i++)
        {
            if (until is { } limit && clock.Elapsed >= limit) yield break;
            if (stop is not null && stop()) yield break;
            yield return Next();
        }
    }

    public ClickEvent Next()
    {
        long n = _next++;
        int user = (int)(n % userCount);
        var type = _random.NextDouble() switch
        {
            < 0.70 => ClickEventType.View,
            < 0.90 => ClickEventType.Click,
            < 0.97 => ClickEventType.Cart,
            _ => ClickEventType.Purchase,
        };
        return new ClickEvent(
            prefix + "-e" + n.ToString(CultureInfo.InvariantCulture),
            UserId(user),
            _random.Next(1, itemCount + 1),
            type,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }
}
